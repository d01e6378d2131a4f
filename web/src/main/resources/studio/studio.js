// The studio page: a form that submits a job to the API, a live view fed by the job's event stream,
// and the history of past jobs. Every default comes from the server (GET /api/settings).
'use strict';

const $ = (id) => document.getElementById(id);
const state = { defaults: {}, watching: null, events: null, losses: [], job: null, pictureUrl: null };

// The style weight slider is logarithmic: 0..100 spans weights 1..100.
const weightFromSlider = (v) => Math.round(Math.pow(10, v / 50) * 100) / 100;
const sliderFromWeight = (w) => Math.round(50 * Math.log10(w));

async function api(path, options) {
  const response = await fetch(path, options);
  if (!response.ok) {
    let message = 'the server answered ' + response.status;
    try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return response.status === 204 ? null : response.json();
}

function showError(message) {
  const e = $('error');
  e.textContent = message;
  e.hidden = !message;
}

// ---- the form ----

function addStyleRow() {
  const index = document.querySelectorAll('.style-row').length;
  const row = document.createElement('div');
  row.className = 'style-row';
  row.innerHTML = `
    <label>Painting ${index + 1}<input type="file" class="style-file" accept="image/*"></label>
    <img class="pick" alt="" hidden>
    <div class="blend"><label>blend weight <input type="number" class="style-blend" min="0.01" step="0.1" value="1"></label></div>
    <label class="mask-label">mask (optional: white paints, black keeps the photo)<input type="file" class="style-mask" accept="image/*"></label>`;
  $('styles').appendChild(row);
  const file = row.querySelector('.style-file');
  file.addEventListener('change', () => showPick(file, row.querySelector('img.pick')));
  makeDropTarget(row, file);
  updateBlendVisibility();
}

function updateBlendVisibility() {
  const rows = document.querySelectorAll('.style-row');
  rows.forEach((r) => { r.querySelector('.blend').hidden = rows.length < 2; });
}

function showPick(input, img) {
  if (input.files.length) {
    if (img.dataset.url) URL.revokeObjectURL(img.dataset.url);
    img.dataset.url = URL.createObjectURL(input.files[0]);
    img.src = img.dataset.url;
    img.hidden = false;
  }
}

function makeDropTarget(zone, input) {
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      input.dispatchEvent(new Event('change'));
    }
  });
}

function fillForm(settings) {
  $('size').value = settings['size'];
  $('style-weight').value = sliderFromWeight(parseFloat(settings['style-weight']));
  $('iterations').value = settings['iterations'] === state.defaults['iterations'] ? '' : settings['iterations'];
  $('colors').value = settings['colors'];
  $('style-scale').value = settings['style-scale'];
  // The table's default for style-blend is a word ("equal"), a job's a list of numbers.
  if (/^[0-9.]+(,[0-9.]+)*$/.test(settings['style-blend'] || '')) {
    const weights = settings['style-blend'].split(',');
    document.querySelectorAll('.style-blend').forEach((b, i) => { if (weights[i]) b.value = weights[i]; });
  }
  showSliderValues();
}

function showSliderValues() {
  $('style-weight-value').textContent = weightFromSlider($('style-weight').value);
  $('style-scale-value').textContent = $('style-scale').value;
}

// Only what differs from the defaults is sent: the server fills in the rest.
function formSettings() {
  const s = {};
  const put = (key, value) => {
    if (value !== '' && String(value) !== String(state.defaults[key])) s[key] = value;
  };
  put('size', $('size').value);
  put('style-weight', String(weightFromSlider($('style-weight').value)));
  put('iterations', $('iterations').value);
  put('colors', $('colors').value);
  put('style-scale', $('style-scale').value);
  const blends = [...document.querySelectorAll('.style-row')]
    .filter((r) => r.querySelector('.style-file').files.length)
    .map((r) => r.querySelector('.style-blend').value || '1');
  if (blends.length > 1 && new Set(blends).size > 1) s['style-blend'] = blends.join(',');
  return s;
}

async function submit(event) {
  event.preventDefault();
  showError('');
  const data = new FormData();
  const content = $('content').files[0];
  if (!content) { showError('Choose a photo first.'); return; }
  data.append('content', content);
  let paintings = 0;
  document.querySelectorAll('.style-row').forEach((row) => {
    const file = row.querySelector('.style-file').files[0];
    if (file) {
      paintings++;
      data.append('style', file);
      const mask = row.querySelector('.style-mask').files[0];
      if (mask) data.append('mask', mask);
    }
  });
  if (!paintings) { showError('Choose a painting too.'); return; }
  data.append('settings', JSON.stringify(formSettings()));
  $('start').disabled = true;
  try {
    const job = await api('/api/jobs', { method: 'POST', body: data });
    watch(job.id);
    loadHistory();
  } catch (e) {
    showError(e.message);
  } finally {
    $('start').disabled = false;
  }
}

// ---- the live view ----

function watch(id) {
  if (state.events) state.events.close();
  state.watching = id;
  state.losses = [];
  state.job = null;
  $('live-section').hidden = false;
  $('download').hidden = true;
  $('again').hidden = true;
  $('resume').hidden = true;
  $('cancel').hidden = false;
  $('message').textContent = '';
  $('stage').textContent = '';
  $('iteration').textContent = '';
  $('time-left').textContent = '';
  drawCurve();
  const es = new EventSource(`/api/jobs/${id}/events`);
  state.events = es;
  const on = (name, handler) => es.addEventListener(name, (e) => { if (state.watching === id) handler(JSON.parse(e.data)); });
  on('status', showJob);
  on('history', (losses) => { state.losses = losses.slice(); drawCurve(); });
  on('stage', (s) => { $('stage').textContent = s.stages > 1 ? `Stage ${s.stage} of ${s.stages} (${s.width}×${s.height}),` : `${s.width}×${s.height},`; });
  on('progress', (p) => {
    $('iteration').textContent = `iteration ${p.iteration} of ${p.iterations}`;
    $('time-left').textContent = p.secondsLeft == null ? '' : `about ${duration(p.secondsLeft)} left`;
    state.losses.push(...p.losses);
    drawCurve();
  });
  on('preview', (p) => showPicture(`/api/jobs/${id}/image?v=${p.version}`));
  for (const end of ['done', 'failed', 'cancelled', 'interrupted']) {
    on(end, (job) => { es.close(); state.events = null; showJob(job); showPicture(`/api/jobs/${id}/image?final=1`); loadHistory(); });
  }
  es.onerror = () => { if (es.readyState === EventSource.CLOSED && state.events === es) $('status').textContent = 'Lost the connection to the server; reload the page.'; };
}

function showJob(job) {
  state.job = job;
  const words = {
    queued: job.queuePosition ? `Waiting: number ${job.queuePosition} in the queue.` : 'Waiting in the queue.',
    running: 'Painting…',
    done: `Done in ${duration(job.seconds)}.`,
    failed: 'Failed.',
    cancelled: 'Cancelled: the result is the best picture so far.',
    interrupted: 'Interrupted when the server stopped.',
  };
  $('status').textContent = words[job.status] || job.status;
  $('status').dataset.status = job.status;
  const ended = !['queued', 'running'].includes(job.status);
  $('cancel').hidden = ended;
  $('again').hidden = !ended;
  $('resume').hidden = !job.resumable;
  $('download').hidden = !job.hasResult;
  $('download').href = `/api/jobs/${job.id}/image?download=1`;
  $('message').textContent = job.message || '';
  if (job.status === 'running' && job.iterations) $('iteration').textContent = $('iteration').textContent || `iteration ${job.iteration} of ${job.iterations}`;
}

// The new picture is fetched and decoded off screen, then swapped in: no blank frame between two.
async function showPicture(url) {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) return;
    const objectUrl = URL.createObjectURL(await response.blob());
    const next = new Image();
    next.src = objectUrl;
    await next.decode();
    const old = state.pictureUrl;
    $('picture').src = objectUrl;
    state.pictureUrl = objectUrl;
    if (old) setTimeout(() => URL.revokeObjectURL(old), 1000);
  } catch (e) { /* the next preview will do */ }
}

function drawCurve() {
  const canvas = $('curve');
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, pad = 28;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#666';
  ctx.font = '11px sans-serif';
  const values = state.losses.filter((v) => typeof v === 'number' && v > 0);
  if (values.length < 2) { ctx.fillText('loss (log scale) appears here', pad, h / 2); return; }
  const logs = values.map(Math.log10);
  const lo = Math.min(...logs), hi = Math.max(...logs), span = hi - lo || 1;
  ctx.strokeStyle = '#ccc';
  ctx.strokeRect(pad, 4, w - pad - 4, h - pad);
  ctx.fillText(values[0].toPrecision(3), 2, 12);
  ctx.fillText(values[values.length - 1].toPrecision(3), 2, h - pad);
  ctx.fillText(`iteration ${values.length}`, w - 90, h - 8);
  ctx.strokeStyle = '#2c7be5';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  logs.forEach((v, i) => {
    const x = pad + (w - pad - 4) * i / (logs.length - 1);
    const y = 4 + (h - pad) * (hi - v) / span;
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

function duration(seconds) {
  if (seconds == null) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

// ---- the history ----

async function loadHistory() {
  let jobs;
  try { jobs = await api('/api/jobs'); } catch (e) { return; }
  const list = $('history');
  list.innerHTML = '';
  for (const job of jobs) {
    const li = document.createElement('li');
    li.dataset.id = job.id;
    li.dataset.status = job.status;
    let img;
    if (job.hasResult) {
      img = document.createElement('img');
      img.alt = `result of job ${job.id.substring(0, 8)}`;
      img.src = `/api/jobs/${job.id}/thumbnail`;
    } else {
      img = document.createElement('div');
      img.className = 'no-image';
      img.textContent = job.status === 'queued' || job.status === 'running' ? 'painting soon' : 'no picture';
    }
    const st = document.createElement('div');
    st.className = 'st';
    st.textContent = job.status + (job.queuePosition ? ` (#${job.queuePosition})` : '')
      + (job.status === 'done' || job.status === 'cancelled' ? `, ${duration(job.seconds)}` : '');
    const info = document.createElement('div');
    const s = job.settings;
    info.textContent = `${job.width}×${job.height}, style weight ${s['style-weight']}, colors ${s['colors']}, `
      + `${job.styles} painting${job.styles > 1 ? 's' : ''}; ${new Date(job.created).toLocaleString()}`;
    li.append(img, st, info);
    li.addEventListener('click', () => watch(job.id));
    list.appendChild(li);
  }
  return jobs;
}

// ---- start ----

async function init() {
  addStyleRow();
  $('add-style').addEventListener('click', addStyleRow);
  $('content').addEventListener('change', () => showPick($('content'), $('content-preview')));
  makeDropTarget($('content-drop'), $('content'));
  $('style-weight').addEventListener('input', showSliderValues);
  $('style-scale').addEventListener('input', showSliderValues);
  $('job-form').addEventListener('submit', submit);
  $('cancel').addEventListener('click', async () => {
    try { await api(`/api/jobs/${state.watching}`, { method: 'DELETE' }); } catch (e) { $('message').textContent = e.message; }
  });
  $('again').addEventListener('click', () => {
    if (state.job) fillForm(state.job.settings);
    $('form-section').scrollIntoView({ behavior: 'smooth' });
  });
  $('resume').addEventListener('click', async () => {
    try { const job = await api(`/api/jobs/${state.watching}/resume`, { method: 'POST' }); watch(job.id); loadHistory(); } catch (e) { $('message').textContent = e.message; }
  });
  try {
    const table = await api('/api/settings');
    for (const s of table.settings) state.defaults[s.key] = s.default;
    fillForm(state.defaults);
  } catch (e) {
    showError(e.message);
  }
  const jobs = await loadHistory();
  const running = jobs && jobs.find((j) => j.status === 'running');
  if (running) watch(running.id);
}

init();
