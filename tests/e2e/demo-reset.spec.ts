// Demo control: "Reset demo data" in Settings puts the demo back as it started, after a
// confirmation, and the console stays usable.
import { expect, test, uniqueName } from "./support";

test("a reset brings the demo data back while the console stays usable", async ({
  page,
  signIn,
  admin,
}) => {
  const extra = uniqueName("Made before the reset");
  await admin.createPackage(extra);
  await signIn("/settings");

  const section = page.getByRole("region", { name: "Demo data" });
  await section.getByRole("button", { name: "Reset demo data" }).click();
  const dialog = page.getByRole("dialog", { name: "Reset the demo data?" });
  // Cancel leaves everything as it is.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await section.getByRole("button", { name: "Reset demo data" }).click();
  await dialog.getByRole("button", { name: "Reset demo data" }).click();
  await expect(section.getByRole("status")).toHaveText("The demo data is back to its starting state.");

  await page.getByRole("link", { name: "Packages" }).click();
  const table = page.getByRole("table", { name: "Packages" });
  await expect(table).toContainText("Chat Moderation");
  await expect(table).not.toContainText(extra);
  await expect(page.getByRole("status").filter({ hasText: "API connection" })).toContainText(
    "Connected",
  );
});
