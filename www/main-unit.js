// Load the app's WebAssembly from this site and start it (it mounts into #app); report a crash in the page.
import { watchForCrashes } from './crash.js';
import init from './xeploai_unit.js';

watchForCrashes();
init().catch((error) => {
  const app = document.getElementById('app');
  app.textContent = 'Không tải được ứng dụng / The app could not load: ' + error;
});
