// The editor's syntax check (acorn), a chunk of its own: editor/src/editor.js imports it when
// its first check runs, so that the editor shows without waiting for it.
export { parse } from "acorn";
