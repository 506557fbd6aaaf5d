// Load the app's WebAssembly from this site and start it (it mounts into #app). Inside another site's iframe
// (`?embed=1`, see bridge.rs) the module with the messages to and from the embedding page is loaded instead.
const embedded = new URLSearchParams(location.search).getAll('embed').includes('1');

// If it stops (a panic is a RuntimeError), crash.js says so, with the first error (the cause).
const crashed = (e) => e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /call stack/.test(e.message));
let first;
const report = (e) => crashed(e) && (first ??= import('./crash.js').then((m) => m.reportCrash(`${e.name}: ${e.message}`)));
addEventListener('error', (event) => report(event.error));
addEventListener('unhandledrejection', (event) => report(event.reason));
(embedded ? import('./xeploai_frame.js') : import('./xeploai_web.js'))
  .then((module) => module.default())
  .catch((error) => {
    const app = document.getElementById('app');
    app.textContent = 'Không tải được ứng dụng / The app could not load: ' + error;
  });
