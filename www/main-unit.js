// Load the app's WebAssembly from this site and start it (it mounts into #app).
import init from './xeploai_unit.js';

// If it stops (a panic is a RuntimeError), crash.js says so, with the first error (the cause).
const crashed = (e) => e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /call stack/.test(e.message));
let first;
const report = (e) => crashed(e) && (first ??= import('./crash.js').then((m) => m.reportCrash(`${e.name}: ${e.message}`)));
addEventListener('error', (event) => report(event.error));
addEventListener('unhandledrejection', (event) => report(event.reason));
// The WebAssembly memory, for scripts/browser-scale.mjs to print its peak (it only grows).
init().then((exports) => { window.xeploaiMemory = exports.memory; }).catch((error) => {
  const app = document.getElementById('app');
  app.textContent = 'Không tải được ứng dụng / The app could not load: ' + error;
});
