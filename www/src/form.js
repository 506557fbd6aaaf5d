// The Word writer (form/ in the repository) is a separate WebAssembly module, fetched from this site only when a
// form is downloaded as .docx, so the first page stays small. This file sits at snippets/<crate>/src/ in dist/.
let loading;
export function form_module() {
  if (!loading) {
    loading = import(new URL('../../../xeploai_form.js', import.meta.url).href)
      .then(async (m) => { await m.default(); return m; })
      .catch((e) => { loading = undefined; throw e; });
  }
  return loading;
}
