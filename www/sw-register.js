// Install the service worker (sw.js) so the pages work offline after one visit, and offer a new version when one
// is ready: it takes over only when the person clicks "update" (never by itself, never while they type); the page
// then reloads with what they typed already saved on this device. Not in iframe mode (`?embed=1`), which keeps
// nothing on the device.
const embedded = new URLSearchParams(location.search).get('embed') === '1';

const words = {
  vi: { text: 'Đã có phiên bản mới của ứng dụng.', update: 'Cập nhật', later: 'Để sau' },
  en: { text: 'A new version of the app is ready.', update: 'Update', later: 'Later' },
};

function offer(registration) {
  if (document.getElementById('sw-update')) return;
  const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
  const say = words[lang];
  const bar = Object.assign(document.createElement('div'), { id: 'sw-update' });
  bar.setAttribute('role', 'status');
  bar.setAttribute('lang', lang);
  Object.assign(bar.style, {
    position: 'fixed', insetInline: '0', bottom: '0', zIndex: 900, display: 'flex', flexWrap: 'wrap', gap: '.6rem',
    alignItems: 'center', justifyContent: 'center', padding: '.6rem 1rem', background: '#1d232a', color: '#ffffff',
  });
  const button = (id, text) => {
    const b = Object.assign(document.createElement('button'), { id, type: 'button', textContent: text });
    Object.assign(b.style, { font: 'inherit', padding: '.3rem .9rem', cursor: 'pointer' });
    return b;
  };
  const update = button('sw-update-now', say.update);
  const later = button('sw-update-later', say.later);
  update.addEventListener('click', () => {
    const waiting = registration.waiting;
    if (!waiting) return location.reload();
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage({ type: 'xeploai:update' });
  });
  later.addEventListener('click', () => bar.remove());
  bar.append(Object.assign(document.createElement('span'), { textContent: say.text }), update, later);
  document.body.append(bar);
}

async function register() {
  const registration = await navigator.serviceWorker.register('sw.js');
  // A version installed on an earlier visit and still waiting.
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      // Installed while an older version runs this page: offer it. (The very first install just takes over.)
      if (installing.state === 'installed' && navigator.serviceWorker.controller) offer(registration);
    });
  });
}

if ('serviceWorker' in navigator && !embedded) {
  register().catch((error) => console.warn('xeploai: offline use is not available:', error));
}
