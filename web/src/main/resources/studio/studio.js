// The studio page: a form that submits a job to the API, a live view fed by the job's event stream,
// and the history of past jobs. Every default, size choice, painting and time estimate comes from
// the server (GET /api/settings, GET /api/estimates): the page decides none of them.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  defaults: {}, sizes: [], watching: null, events: null, losses: [], job: null, pictureUrl: null,
  cancelling: false, againFrom: null, photoShape: null, historyTimer: null,
};

// The style weight slider is logarithmic: 0..100 spans weights 1..100.
const weightFromSlider = (v) => Math.round(Math.pow(10, v / 50) * 100) / 100;
const sliderFromWeight = (w) => Math.round(50 * Math.log10(w));
const ENDED = ['done', 'failed', 'cancelled', 'interrupted'];

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

function duration(seconds) {
  if (seconds == null || !isFinite(seconds)) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

// ---- choosing pictures ----

// A file input for images; a hidden one is chosen through its label, styled as a button.
function fileInput(cls, id, hidden) {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/*';
  input.className = hidden ? `file-input ${cls}` : cls;
  if (id) input.id = id;
  return input;
}

function addStyleRow() {
  const index = document.querySelectorAll('.style-row').length;
  const row = document.createElement('div');
  row.className = 'style-row';
  const title = document.createElement('span');
  title.className = 'row-title';
  title.textContent = index === 0 ? 'Your own painting' : `Painting ${index + 1}`;
  const pick = document.createElement('img');
  pick.className = 'pick';
  pick.alt = 'the painting chosen';
  pick.hidden = true;
  const id = `style-file-${index}`;
  const file = fileInput('style-file', id, true);
  const button = document.createElement('label');
  button.className = 'file-button';
  button.htmlFor = id;
  button.textContent = 'Choose a painting';
  const name = document.createElement('span');
  name.className = 'file-name';
  name.textContent = index === 0 ? 'or pick one above, or drop one here' : 'or drop one here';
  const blend = document.createElement('label');
  blend.className = 'blend';
  blend.textContent = 'blend weight ';
  const weight = document.createElement('input');
  weight.type = 'number';
  weight.className = 'style-blend';
  weight.min = '0.01';
  weight.step = '0.1';
  weight.value = '1';
  blend.appendChild(weight);
  const mask = document.createElement('label');
  mask.className = 'mask';
  mask.textContent = 'mask (optional; white paints, black keeps the photo) ';
  mask.appendChild(fileInput('style-mask'));
  row.append(title, pick, file, button, name, blend, mask);
  $('styles').appendChild(row);
  file.addEventListener('change', () => {
    showPick(file, pick, name);
    if (file.files.length && !file.dataset.gallery) markGallery(null);
    delete file.dataset.gallery;
    leaveAgain();
  });
  makeDropTarget(row, file);
  updateBlendVisibility();
}

function updateBlendVisibility() {
  const rows = document.querySelectorAll('.style-row');
  rows.forEach((r) => { r.querySelector('.blend').hidden = rows.length < 2; });
}

function showPick(input, img, name) {
  if (!input.files.length) return;
  if (img.dataset.url) URL.revokeObjectURL(img.dataset.url);
  img.dataset.url = URL.createObjectURL(input.files[0]);
  img.src = img.dataset.url;
  img.hidden = false;
  if (name) name.textContent = input.files[0].name;
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

// The gallery's paintings ship with the server; picking one puts it in the first painting's field.
function showGallery(paintings) {
  const list = $('gallery');
  list.innerHTML = '';
  for (const p of paintings) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.file = p.file;
    b.setAttribute('aria-pressed', 'false');
    const img = document.createElement('img');
    img.src = `/paintings/${p.file}`;
    img.alt = '';
    const caption = document.createElement('span');
    caption.textContent = `${p.title}, ${p.artist}`;
    b.append(img, caption);
    b.addEventListener('click', () => pickFromGallery(p, b));
    li.appendChild(b);
    list.appendChild(li);
  }
}

async function pickFromGallery(painting, button) {
  try {
    const blob = await (await fetch(`/paintings/${painting.file}`)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], painting.file, { type: blob.type }));
    const input = document.querySelector('.style-file');
    input.files = transfer.files;
    input.dataset.gallery = 'yes';
    input.dispatchEvent(new Event('change'));
    markGallery(button);
  } catch (e) {
    showError(`could not load ${painting.title}: ${e.message}`);
  }
}

function markGallery(button) {
  document.querySelectorAll('#gallery button').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
}

// ---- qualities, sizes and their times ----

// One radio box of a choice: its name in bold, a detail, and a cell for the time it would take.
function choiceLabel(group, value, name, detail, detailClass, timeKey, onChange) {
  const label = document.createElement('label');
  const radio = document.createElement('input');
  radio.type = 'radio';
  radio.name = group;
  radio.value = value;
  radio.addEventListener('change', onChange);
  const strong = document.createElement('strong');
  strong.textContent = name;
  const more = document.createElement('span');
  if (detailClass) more.className = detailClass;
  more.textContent = detail;
  const time = document.createElement('span');
  time.className = 'time';
  time.dataset[timeKey] = value;
  label.append(radio, strong, more, time);
  return label;
}

function showQualities(qualities) {
  const box = $('qualities');
  box.innerHTML = '';
  for (const q of qualities) {
    box.appendChild(choiceLabel('quality-choice', q.quality, q.name, q.note, 'note-line', 'quality',
      () => { state.quality = q.quality; estimate(); }));
  }
  syncQualityChoice();
}

function syncQualityChoice() {
  document.querySelectorAll('input[name=quality-choice]').forEach((r) => { r.checked = r.value === state.quality; });
}

function showSizes(sizes) {
  state.sizes = sizes;
  const box = $('sizes');
  box.innerHTML = '';
  for (const s of sizes) {
    box.appendChild(choiceLabel('size-choice', s.size, s.name, ` ${s.size} px`, '', 'size',
      () => { $('size').value = s.size; estimate(); }));
  }
  syncSizeChoice();
}

function syncSizeChoice() {
  document.querySelectorAll('input[name=size-choice]').forEach((r) => { r.checked = r.value === $('size').value; });
}

let estimateTimer = null;
function estimate() {
  clearTimeout(estimateTimer);
  estimateTimer = setTimeout(async () => {
    const shape = state.photoShape || { width: 4, height: 3 };
    const settings = formSettings(false);
    delete settings['style-blend'];
    const query = new URLSearchParams({ width: shape.width, height: shape.height, settings: JSON.stringify(settings) });
    try {
      const answer = await api(`/api/estimates?${query}`);
      const words = (row) => (row.seconds != null ? `about ${duration(row.seconds)}` : 'over this server\'s limit');
      let custom = '';
      for (const row of answer.qualities) {
        const cell = document.querySelector(`.qualities .time[data-quality="${row.quality}"]`);
        if (cell) cell.textContent = words(row);
      }
      for (const row of answer.estimates) {
        const cell = document.querySelector(`.sizes .time[data-size="${row.size}"]`);
        if (cell) cell.textContent = words(row);
        else if (String(row.size) === $('size').value) custom = `At ${row.size} px: ${words(row)}. `;
      }
      $('estimate-basis').textContent = custom + (answer.basis ? `Times from ${answer.basis}.` : '');
    } catch (e) {
      $('estimate-basis').textContent = e.message;
    }
  }, 250);
}

// ---- the form ----

function fillForm(settings) {
  $('size').value = settings['size'];
  syncSizeChoice();
  state.quality = settings['quality'] || state.defaults['quality'];
  syncQualityChoice();
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

// A new job sends what differs from the defaults (the server fills in the rest); a job again from an
// earlier one sends every field on the form, since the server starts from the earlier job's settings.
function formSettings(every) {
  const s = {};
  const put = (key, value) => {
    if (value !== '' && (every || String(value) !== String(state.defaults[key]))) s[key] = value;
  };
  put('size', $('size').value);
  put('quality', state.quality);
  put('style-weight', String(weightFromSlider($('style-weight').value)));
  // Left out when blank: the quality and size work the iterations out (an earlier job's worked-out count
  // is not carried over, so that another quality or size gets its own).
  put('iterations', $('iterations').value);
  put('colors', $('colors').value);
  put('style-scale', $('style-scale').value);
  const blends = [...document.querySelectorAll('.style-row')]
    .filter((r) => r.querySelector('.style-file').files.length)
    .map((r) => r.querySelector('.style-blend').value || '1');
  if (blends.length > 1 && new Set(blends).size > 1) s['style-blend'] = blends.join(',');
  return s;
}

// "Again": the earlier job's photo and paintings stay on the server; choosing a new picture leaves them.
function enterAgain(job) {
  state.againFrom = job;
  fillForm({ ...state.defaults, ...job.chosen });
  const note = $('again-note');
  note.textContent = `Painting again the photo and ${job.styles === 1 ? 'painting' : job.styles + ' paintings'}`
    + ` of the job of ${new Date(job.created).toLocaleTimeString()}, with the settings below. Choose a`
    + ' picture above to paint other ones.';
  note.hidden = false;
  $('content-preview').src = `/api/jobs/${job.id}/inputs/content`;
  $('content-preview').hidden = false;
  $('content-name').textContent = 'the photo of that job';
  state.photoShape = { width: job.width, height: job.height };
  estimate();
}

function leaveAgain() {
  if (!state.againFrom) return;
  state.againFrom = null;
  $('again-note').hidden = true;
}

async function submit(event) {
  event.preventDefault();
  showError('');
  const content = $('content').files[0];
  const styles = [...document.querySelectorAll('.style-row')].filter((r) => r.querySelector('.style-file').files[0]);
  let request;
  if (state.againFrom && !content && !styles.length) {
    const data = new FormData();
    data.append('settings', JSON.stringify(formSettings(true)));
    request = api(`/api/jobs/${state.againFrom.id}/again`, { method: 'POST', body: data });
  } else {
    if (!content) { showError('Choose a photo first.'); return; }
    if (!styles.length) { showError('Choose a painting too.'); return; }
    const data = new FormData();
    data.append('content', content);
    for (const row of styles) {
      data.append('style', row.querySelector('.style-file').files[0]);
      const mask = row.querySelector('.style-mask').files[0];
      if (mask) data.append('mask', mask);
    }
    data.append('settings', JSON.stringify(formSettings(false)));
    request = api('/api/jobs', { method: 'POST', body: data });
  }
  $('start').disabled = true;
  try {
    const job = await request;
    watch(job.id);
    // On a phone the picture is below the form: bring it into view.
    const top = $('live-section').getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.5) $('live-section').scrollIntoView({ block: 'start' });
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
  state.cancelling = false;
  $('live-section').hidden = false;
  for (const b of ['download', 'again', 'resume']) $(b).hidden = true;
  $('cancel').hidden = false;
  $('cancel').disabled = false;
  for (const t of ['message', 'stage', 'iteration', 'time-left', 'status']) $(t).textContent = '';
  delete $('status').dataset.status;
  clearPicture();
  drawCurve();
  document.querySelectorAll('#history li').forEach((li) => li.classList.toggle('watching', li.dataset.id === id));
  const es = new EventSource(`/api/jobs/${id}/events`);
  state.events = es;
  const on = (name, handler) => es.addEventListener(name, (e) => { if (state.watching === id) handler(JSON.parse(e.data)); });
  on('status', showJob);
  on('history', (losses) => { state.losses = losses.slice(); drawCurve(); });
  on('stage', (s) => { $('stage').textContent = s.stages > 1 ? `Stage ${s.stage} of ${s.stages} (${s.width}×${s.height}),` : `${s.width}×${s.height},`; });
  on('progress', (p) => {
    $('iteration').textContent = `iteration ${p.iteration} of ${p.iterations}`;
    $('time-left').textContent = p.secondsLeft == null ? '' : `· about ${duration(p.secondsLeft)} left`;
    // A resumed run does again the iterations after its checkpoint: their losses replace the old.
    const from = p.lossesFrom != null ? p.lossesFrom : state.losses.length;
    state.losses.length = Math.min(state.losses.length, from);
    while (state.losses.length < from) state.losses.push(null);
    state.losses.push(...p.losses);
    drawCurve();
  });
  on('preview', (p) => showPicture(`/api/jobs/${id}/image?v=${p.version}`));
  for (const end of ENDED) {
    on(end, (job) => {
      es.close();
      state.events = null;
      showJob(job);
      $('time-left').textContent = '';
      showPicture(`/api/jobs/${id}/image?final=1`);
      loadHistory();
    });
  }
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED && state.events === es) {
      $('status').textContent = 'Lost the connection to the server: reload the page to see how the job goes on.';
    }
  };
}

function showJob(job) {
  state.job = job;
  const ended = ENDED.includes(job.status);
  const words = {
    queued: job.queuePosition ? `Waiting: number ${job.queuePosition} in the queue.` : 'Waiting in the queue.',
    running: state.cancelling ? 'Cancelling: it stops after this iteration…' : 'Painting…',
    done: `Done in ${duration(job.seconds)}.`,
    failed: 'Failed.',
    cancelled: 'Cancelled: the result is the best picture so far.',
    interrupted: job.resumable ? 'Interrupted when the server stopped: resume it to go on.'
      : 'Interrupted when the server stopped, before its first checkpoint.',
  };
  $('status').textContent = words[job.status] || job.status;
  $('status').dataset.status = job.status;
  $('cancel').hidden = ended;
  $('again').hidden = !ended;
  $('resume').hidden = !job.resumable;
  $('download').hidden = !job.hasResult;
  $('download').href = `/api/jobs/${job.id}/image?download=1`;
  $('message').textContent = job.message || '';
  if (job.status === 'running' && job.iterations && !$('iteration').textContent) {
    $('iteration').textContent = `iteration ${job.iteration} of ${job.iterations}`;
  }
  const overlay = $('photo-overlay');
  overlay.src = `/api/jobs/${job.id}/inputs/photo`;
  $('compare-label').hidden = $('picture').hidden;
}

function clearPicture() {
  if (state.pictureUrl) URL.revokeObjectURL(state.pictureUrl);
  state.pictureUrl = null;
  $('picture').removeAttribute('src');
  $('picture').hidden = true;
  $('photo-overlay').hidden = true;
  $('compare-label').hidden = true;
  $('compare').value = 0;
  $('stage-frame').classList.remove('actual');
  $('no-picture').hidden = false;
}

// The new picture is fetched and decoded off screen, then swapped in: no blank frame between two.
async function showPicture(url) {
  const id = state.watching;
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok || state.watching !== id) return;
    const objectUrl = URL.createObjectURL(await response.blob());
    const next = new Image();
    next.src = objectUrl;
    await next.decode();
    if (state.watching !== id) { URL.revokeObjectURL(objectUrl); return; }
    const old = state.pictureUrl;
    $('picture').src = objectUrl;
    $('picture').hidden = false;
    $('no-picture').hidden = true;
    $('compare-label').hidden = $('stage-frame').classList.contains('actual');
    state.pictureUrl = objectUrl;
    if (old) setTimeout(() => URL.revokeObjectURL(old), 1000);
  } catch (e) { /* the next preview will do */ }
}

function compare() {
  const v = Number($('compare').value);
  const overlay = $('photo-overlay');
  overlay.hidden = v === 0;
  overlay.style.clipPath = `inset(0 ${100 - v}% 0 0)`;
}

// Loss on a log scale against the iteration, with both axes labelled.
function drawCurve() {
  const canvas = $('curve');
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, left = 56, bottom = 34, top = 10, right = 12;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#555';
  ctx.font = '11px sans-serif';
  const points = state.losses.map((v, i) => [i + 1, v]).filter(([, v]) => typeof v === 'number' && v > 0);
  if (points.length < 2) { ctx.fillText('the loss curve appears here', left, h / 2); return; }
  const n = state.losses.length;
  const logs = points.map(([, v]) => Math.log10(v));
  const lo = Math.min(...logs), hi = Math.max(...logs), span = hi - lo || 1;
  const x = (i) => left + (w - left - right) * (i - 1) / Math.max(1, n - 1);
  const y = (l) => top + (h - top - bottom) * (hi - l) / span;
  ctx.strokeStyle = '#ccc';
  ctx.strokeRect(left, top, w - left - right, h - top - bottom);
  ctx.textAlign = 'right';
  for (const l of [hi, (hi + lo) / 2, lo]) ctx.fillText(Math.pow(10, l).toPrecision(3), left - 4, y(l) + 4);
  ctx.textAlign = 'center';
  for (const i of [1, Math.round((n + 1) / 2), n]) ctx.fillText(String(i), x(i), h - bottom + 14);
  ctx.fillText('iteration', left + (w - left - right) / 2, h - 4);
  ctx.save();
  ctx.translate(12, top + (h - top - bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('loss (log scale)', 0, 0);
  ctx.restore();
  ctx.strokeStyle = '#2c7be5';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  points.forEach(([i], k) => { if (k === 0) ctx.moveTo(x(i), y(logs[k])); else ctx.lineTo(x(i), y(logs[k])); });
  ctx.stroke();
}

// ---- the history ----

async function loadHistory() {
  clearTimeout(state.historyTimer);
  let jobs;
  try { jobs = await api('/api/jobs'); } catch (e) { state.historyTimer = setTimeout(loadHistory, 15000); return null; }
  const list = $('history');
  list.innerHTML = '';
  for (const job of jobs) list.appendChild(historyItem(job));
  // Live while anything waits or runs; at ease otherwise.
  const busy = jobs.some((j) => !ENDED.includes(j.status));
  state.historyTimer = setTimeout(loadHistory, busy ? 3000 : 15000);
  return jobs;
}

function historyItem(job) {
  const li = document.createElement('li');
  li.dataset.id = job.id;
  li.dataset.status = job.status;
  li.classList.toggle('watching', job.id === state.watching);
  let picture;
  if (job.hasResult) {
    picture = document.createElement('img');
    picture.alt = `result of job ${job.id.substring(0, 8)}`;
    picture.src = `/api/jobs/${job.id}/thumbnail`;
  } else {
    picture = document.createElement('div');
    picture.className = 'no-image';
    picture.textContent = ENDED.includes(job.status) ? 'no picture' : 'painting soon';
  }
  picture.classList.add('result');
  picture.title = 'show this job';
  picture.addEventListener('click', () => watch(job.id));
  const inputs = document.createElement('div');
  inputs.className = 'inputs';
  const names = ['content', ...Array.from({ length: job.styles }, (_, i) => `style-${i}`)];
  for (const which of names) {
    const img = document.createElement('img');
    img.src = `/api/jobs/${job.id}/inputs/${which}`;
    img.alt = which === 'content' ? 'the photo' : 'a painting';
    img.addEventListener('error', () => img.remove());
    inputs.appendChild(img);
  }
  const row = document.createElement('div');
  row.className = 'row';
  const st = document.createElement('span');
  st.className = 'st';
  st.textContent = job.status + (job.queuePosition ? ` (#${job.queuePosition})` : '')
    + (['done', 'cancelled'].includes(job.status) ? `, ${duration(job.seconds)}` : '');
  row.appendChild(st);
  if (ENDED.includes(job.status)) {
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'delete';
    del.textContent = 'Delete';
    del.addEventListener('click', () => removeJob(job));
    row.appendChild(del);
  }
  const info = document.createElement('div');
  const s = job.settings;
  info.textContent = `${job.width}×${job.height}, style weight ${s['style-weight']}, colors ${s['colors']}; `
    + `${new Date(job.created).toLocaleString()}`;
  li.append(picture, inputs, row, info);
  if (job.message) {
    const why = document.createElement('div');
    why.className = 'note';
    why.textContent = job.message;
    li.appendChild(why);
  }
  return li;
}

async function removeJob(job) {
  if (!window.confirm(`Delete this ${job.width}×${job.height} picture and its photo and paintings from the server?`)) return;
  try {
    await api(`/api/jobs/${job.id}`, { method: 'DELETE' });
    if (state.watching === job.id) {
      if (state.events) state.events.close();
      state.watching = null;
      $('live-section').hidden = true;
    }
  } catch (e) {
    showError(e.message);
  }
  loadHistory();
}

// ---- start ----

async function init() {
  addStyleRow();
  $('add-style').addEventListener('click', addStyleRow);
  $('content').addEventListener('change', () => {
    showPick($('content'), $('content-preview'), $('content-name'));
    leaveAgain();
    const probe = new Image();
    probe.onload = () => { state.photoShape = { width: probe.naturalWidth, height: probe.naturalHeight }; estimate(); };
    probe.src = $('content-preview').src;
  });
  makeDropTarget($('content-drop'), $('content'));
  $('style-weight').addEventListener('input', showSliderValues);
  $('style-scale').addEventListener('input', showSliderValues);
  for (const id of ['size', 'iterations', 'style-weight', 'style-scale']) {
    $(id).addEventListener('change', () => { syncSizeChoice(); estimate(); });
  }
  $('job-form').addEventListener('submit', submit);
  $('picture').addEventListener('click', () => {
    const actual = $('stage-frame').classList.toggle('actual');
    $('picture').title = actual ? 'click to fit it to the window' : 'click to see it at its real size';
    $('compare').value = 0;
    compare();
    $('compare-label').hidden = actual;
  });
  $('compare').addEventListener('input', compare);
  $('cancel').addEventListener('click', async () => {
    try {
      await api(`/api/jobs/${state.watching}/cancel`, { method: 'POST' });
      state.cancelling = true;
      $('cancel').disabled = true;
      if (state.job) showJob(state.job);
    } catch (e) { $('message').textContent = e.message; }
  });
  $('again').addEventListener('click', () => {
    if (state.job) enterAgain(state.job);
    $('form-section').scrollIntoView({ behavior: 'smooth' });
  });
  $('resume').addEventListener('click', async () => {
    try { const job = await api(`/api/jobs/${state.watching}/resume`, { method: 'POST' }); watch(job.id); loadHistory(); } catch (e) { $('message').textContent = e.message; }
  });
  try {
    const table = await api('/api/settings');
    for (const s of table.settings) state.defaults[s.key] = s.default;
    $('size').min = table.minSize;
    showGallery(table.paintings);
    showQualities(table.qualities);
    fillForm(state.defaults);
    showSizes(table.sizes);
    estimate();
  } catch (e) {
    showError(e.message);
  }
  const jobs = await loadHistory();
  const running = jobs && jobs.find((j) => j.status === 'running');
  if (running) watch(running.id);
}

init();
