import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

// Every page of the console passes an axe audit (WCAG 2.1 A and AA), in light and dark.
const pages = [
  { name: "Overview", path: "/", ready: { role: "table" as const, name: "Keysets" } },
  { name: "Settings", path: "/settings", ready: { role: "button" as const, name: "Test connection" } },
];

for (const scheme of ["light", "dark"] as const) {
  for (const page of pages) {
    test(`${page.name} has no accessibility violations (${scheme})`, async ({ page: tab }) => {
      await tab.emulateMedia({ colorScheme: scheme });
      // Opening the printed URL stores the key, as a person would.
      await tab.goto(process.env.FAAS_URL!);
      await expect(tab.getByRole("table", { name: "Keysets" })).toBeVisible();
      await tab.goto(page.path);
      await expect(tab.getByRole(page.ready.role, { name: page.ready.name })).toBeVisible();

      const audit = await new AxeBuilder({ page: tab })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      const summary = audit.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
      expect(summary).toEqual([]);
    });
  }
}
