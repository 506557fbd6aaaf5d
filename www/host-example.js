// The portal's own script: listens to the elements' events, and drives the app in the iframe by postMessage.
// The app's origin comes from `?app=` (for a test serving it elsewhere), otherwise this site.
const params = new URLSearchParams(location.search);
const appBase = new URL(params.get('app') || './', location.href);
const appOrigin = appBase.origin;
const frame = document.getElementById('app-frame');
// The app accepts messages only from the origins listed in its URL: this page's (unless a test asks otherwise).
const allowed = params.get('allow') || location.origin;
frame.src = new URL(`index.html?embed=1&origin=${encodeURIComponent(allowed)}`, appBase).href;

document.addEventListener('xeploai-change', (event) => {
  const { level, status, score } = event.detail;
  document.getElementById('portal-status').textContent = `Kết quả (${event.target.id}): ${level || status}${score !== null ? `, ${score} điểm` : ''}`;
});

window.addEventListener('message', (event) => {
  if (event.origin !== appOrigin || event.data?.type !== 'xeploai:result') return;
  const status = document.getElementById('frame-status');
  status.textContent = `iframe: ${event.data.level || event.data.status}`;
  status.dataset.level = event.data.level || event.data.status;
});

document.getElementById('send-facts').addEventListener('click', () => {
  frame.contentWindow.postMessage({
    type: 'xeploai:set-facts',
    subject: 'member',
    facts: { common_points: 28, task_points: 65, tasks_assigned: 10, tasks_on_time: 10, tasks_exceeding: 3 },
  }, appOrigin);
});
