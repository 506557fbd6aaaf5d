// The report shown when the WebAssembly stops (the loaders watch for it and import this file only then): a message
// in Vietnamese and English, and a reload link that drops the fragment (a hostile share link does not strike again)
// and keeps the data saved on this device. Plain JS, so it works after the module has stopped. Styled here through
// the CSSOM (allowed by the pages' style-src 'self'), so the first load carries none of it.
export function reportCrash(detail) {
  if (document.getElementById('panic')) return;
  const el = (tag, text) => Object.assign(document.createElement(tag), { textContent: text });
  const report = Object.assign(el('div'), { id: 'panic', className: 'panic-report' });
  report.setAttribute('role', 'alert');
  Object.assign(report.style, {
    position: 'fixed', inset: '0 0 auto 0', zIndex: 1000, padding: '1rem 1.5rem', background: '#fde8e8',
    borderBottom: '3px solid #b3261e', color: '#1d1d1f', whiteSpace: 'pre-wrap',
  });
  const reload = Object.assign(el('a', 'Tải lại trang / Reload the page'), { id: 'panic-reload', href: location.href.split('#')[0] });
  const details = el('details');
  details.append(el('summary', 'Chi tiết / Details'), String(detail));
  report.append(
    el('p', 'Trang gặp lỗi không lường trước và đã dừng. Những gì bạn đã nhập vẫn được lưu trên máy này (đến thay đổi cuối cùng).'),
    el('p', 'The page hit an unexpected error and stopped. What you typed is still saved on this device (up to your last change).'),
    reload,
    details,
  );
  document.body.prepend(report);
}
