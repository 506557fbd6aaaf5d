// The last resort, shared by the three pages' loaders: when the WebAssembly stops on an unexpected error (a Rust
// panic aborts as a WebAssembly `RuntimeError`, and running out of memory or stack is one too), a message at the top
// of the page, in Vietnamese and English, with what happened and a plain link that reloads the page. It is plain
// JS, so it works after the WebAssembly has stopped, and costs the module nothing. The link drops a share link's
// fragment (so a hostile link does not strike again) and keeps what was saved on this device, which every change
// has written.
function isCrash(error) {
  return error instanceof WebAssembly.RuntimeError || (error instanceof RangeError && /call stack/i.test(error.message));
}

export function reportCrash(detail) {
  if (document.getElementById('panic')) return;
  const report = document.createElement('div');
  report.id = 'panic';
  report.className = 'panic-report';
  report.setAttribute('role', 'alert');
  for (const text of [
    'Trang gặp lỗi không lường trước và đã dừng. Những gì bạn đã nhập vẫn được lưu trên máy này (đến thay đổi cuối cùng).',
    'The page hit an unexpected error and stopped. What you typed is still saved on this device (up to your last change).',
  ]) {
    const p = document.createElement('p');
    p.textContent = text;
    report.append(p);
  }
  const reload = document.createElement('a');
  reload.id = 'panic-reload';
  reload.href = location.href.split('#')[0];
  reload.textContent = 'Tải lại trang / Reload the page';
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = 'Chi tiết / Details';
  details.append(summary, String(detail));
  report.append(reload, details);
  document.body.prepend(report);
}

export function watchForCrashes() {
  window.addEventListener('error', (event) => {
    if (isCrash(event.error)) reportCrash(`${event.error.name}: ${event.error.message}`);
  });
  window.addEventListener('unhandledrejection', (event) => {
    if (isCrash(event.reason)) reportCrash(`${event.reason.name}: ${event.reason.message}`);
  });
}
