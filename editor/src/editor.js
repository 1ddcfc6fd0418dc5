// The code editor of faas-console: CodeMirror 6 for JavaScript functions.
//
// esbuild bundles this file into dist/editor-<hash>.js (scripts/build-editor.sh). The console
// imports it only when a page with an editor opens, through the tiny js/editor_loader.js
// snippet: the chunk is ~140 KB brotli (its budget: 150 KB), more than half a first load.
//
// Colours are not set here: classHighlighter gives tokens `tok-*` classes and
// style/_editor.scss colours them with the console's tokens, so dark mode is a token swap.

import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  ensureSyntaxTree,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { lintGutter, linter, lintKeymap } from "@codemirror/lint";
import { diff } from "@codemirror/merge";
import { search, searchKeymap } from "@codemirror/search";
import { Annotation, EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";

// acorn (the syntax check) is a chunk of its own, a fifth of the editor's weight, fetched
// when a check needs it (see quickCheck): not on a page that only opens code that parses.
// scripts/build-editor.sh defines SYNTAX_CHECK_URL as its hashed path.
/* global SYNTAX_CHECK_URL */
let syntaxCheck;
const loadSyntaxCheck = () =>
  (syntaxCheck ??= import(SYNTAX_CHECK_URL).catch((err) => {
    syntaxCheck = undefined;
    throw err;
  }));

// Marks the transactions of setValue, so that the update listener does not echo a document
// the page itself just pushed back to the page as a user edit.
const programmatic = Annotation.define();

// The check of a document as it was opened, before any edit, with what the editor already
// has: CodeMirror's own parse of it (lezer, error-tolerant). When that parse finds no error
// and a top-level `export default`, there is nothing to say and acorn is not fetched; in any
// other case (an error, no default export seen, a parse not done within a moment) the answer
// is acorn's, with its message. A document the page pushes (setValue) counts as opened.
// After the person's first edit acorn always answers: lezer accepts a few things that acorn
// rejects (early errors such as a declaration made twice).
function quickCheck(state) {
  const tree = ensureSyntaxTree(state, state.doc.length, 50);
  if (!tree) return null;
  let error = false;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) error = true;
      return !error;
    },
  });
  if (error) return null;
  const top = tree.topNode.getChildren("ExportDeclaration");
  const exportsDefault = top.some((node) => /^export\s+default\b/.test(state.sliceDoc(node.from, node.to)));
  return exportsDefault ? [] : null;
}

// acorn stops at the first syntax error, so there is at most one error; the server's build
// also needs a default export, which is worth a warning while typing rather than a failed
// build later.
async function lintSource(view) {
  const { parse } = await loadSyntaxCheck();
  const doc = view.state.doc;
  const text = doc.toString();
  let ast;
  try {
    ast = parse(text, { ecmaVersion: "latest", sourceType: "module", locations: true });
  } catch (err) {
    if (typeof err.pos !== "number") throw err;
    // Cover the offending token when acorn knows where it ends, so the mark is visible;
    // an error at the very end of the document stays a point.
    const from = Math.min(err.pos, doc.length);
    const end = typeof err.raisedAt === "number" && err.raisedAt > from ? err.raisedAt : from + 1;
    const to = Math.min(end, doc.length);
    return [{ from, to, severity: "error", source: "acorn", message: err.message }];
  }
  const hasDefault = ast.body.some(
    (node) =>
      node.type === "ExportDefaultDeclaration" ||
      (node.type === "ExportNamedDeclaration" &&
        node.specifiers.some((s) => (s.exported.name ?? s.exported.value) === "default")),
  );
  if (hasDefault) return [];
  return [
    {
      from: 0,
      to: doc.line(1).to,
      severity: "warning",
      message: "No `export default`: the function's build needs a default export.",
    },
  ];
}

// The JSON mode's check: the browser's own JSON.parse, which is the rule the console applies
// before sending. V8 says where it stopped as "at position N" (newer versions add the line and
// column after it); without a position the mark goes at the end of the document.
function lintJson(view) {
  const doc = view.state.doc;
  const text = doc.toString();
  try {
    JSON.parse(text);
    return [];
  } catch (err) {
    const at = /position (\d+)/.exec(err.message);
    const from = Math.min(at ? Number(at[1]) : doc.length, doc.length);
    const to = Math.min(from + 1, doc.length);
    const message = text.trim() === "" ? "Empty: a JSON document is needed." : err.message;
    return [{ from: to > from ? from : Math.max(0, from - 1), to, severity: "error", source: "JSON", message }];
  }
}

/**
 * Mounts an editor at the end of `parent` and returns its handle (the EditorView).
 * opts: { doc, readOnly, json, labelledBy, label, describedBy, onChange, onSave, onDiagnostics }.
 * `json`: the document is a JSON document (a KV value), checked with JSON.parse as it is typed;
 * otherwise it is a function's JavaScript module.
 */
export function createEditor(parent, opts) {
  const { onChange, onSave, onDiagnostics } = opts;

  // The accessible name comes from the page's visible label; CodeMirror's contenteditable
  // would otherwise be an unnamed textbox.
  const aria = opts.labelledBy
    ? { "aria-labelledby": opts.labelledBy }
    : { "aria-label": opts.label || "Code" };
  if (opts.describedBy) aria["aria-describedby"] = opts.describedBy;
  // Read-only editors stay focusable and selectable (copying code, keyboard reading), so only
  // the state is read-only, never `editable`.
  if (opts.readOnly) aria["aria-readonly"] = "true";

  let lastCount = -1;
  let edited = false;
  const lint = linter(
    async (view) => {
      const found = opts.json
        ? lintJson(view)
        : ((edited ? null : quickCheck(view.state)) ?? (await lintSource(view)));
      if (onDiagnostics && found.length !== lastCount) onDiagnostics(found.length);
      lastCount = found.length;
      return found;
    },
    { delay: 300 },
  );

  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    syntaxHighlighting(classHighlighter),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    search(),
    javascript(),
    lintGutter(),
    lint,
    EditorView.contentAttributes.of(aria),
    EditorState.readOnly.of(!!opts.readOnly),
    // First, so that it wins over any other Mod-s. Returning true stops the browser's own
    // "Save page" dialog. No indentWithTab anywhere: Tab must move focus out of the editor.
    keymap.of([
      {
        key: "Mod-s",
        preventDefault: true,
        run: () => {
          if (onSave) onSave();
          return true;
        },
      },
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...lintKeymap,
    ]),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      if (update.transactions.some((tr) => tr.annotation(programmatic))) return;
      edited = true;
      if (onChange) onChange(update.state.doc.toString());
    }),
  ];

  return new EditorView({ parent, state: EditorState.create({ doc: opts.doc ?? "", extensions }) });
}

/** Replaces the document when it differs; never calls onChange. */
export function setValue(view, doc) {
  if (view.state.doc.toString() === doc) return;
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: doc },
    annotations: programmatic.of(true),
  });
}

/** The current document. */
export function getValue(view) {
  return view.state.doc.toString();
}

/** Puts the cursor at 1-based `line`:`column` (clamped to the document), shows and focuses it. */
export function goTo(view, line, column) {
  const doc = view.state.doc;
  const l = doc.line(Math.min(Math.max(1, line | 0), doc.lines));
  const pos = l.from + Math.min(Math.max(0, (column | 0) - 1), l.length);
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
  view.focus();
}

/** Removes the editor from the page. */
export function destroy(view) {
  view.destroy();
}

/**
 * A line diff of `a` and `b`: one [op, line] per line in display order, op 0 = same,
 * -1 = only in a, 1 = only in b; within a changed block removed lines come first.
 *
 * @codemirror/merge diffs characters, so each distinct line becomes one character and the
 * character diff of those strings is the line diff. Codes skip the UTF-16 surrogate range,
 * which the diff treats as pairs; that leaves room for 63488 distinct lines.
 */
export function lineDiff(a, b) {
  const linesA = a.split("\n");
  const linesB = b.split("\n");
  const codes = new Map();
  const encode = (lines) =>
    lines
      .map((line) => {
        let n = codes.get(line);
        if (n === undefined) codes.set(line, (n = codes.size));
        return String.fromCharCode(n < 0xd800 ? n : n + 0x800);
      })
      .join("");
  const sa = encode(linesA);
  const sb = encode(linesB);
  // Past the alphabet the codes would collide: show the whole text as replaced instead of lying.
  const changes =
    codes.size > 0xf800 ? [{ fromA: 0, toA: linesA.length, fromB: 0, toB: linesB.length }] : diff(sa, sb);

  const out = [];
  let posA = 0;
  let posB = 0;
  for (const ch of changes) {
    while (posA < ch.fromA) out.push([0, linesA[posA++]]), posB++;
    while (posA < ch.toA) out.push([-1, linesA[posA++]]);
    while (posB < ch.toB) out.push([1, linesB[posB++]]);
  }
  while (posA < linesA.length) out.push([0, linesA[posA++]]);
  return out;
}
