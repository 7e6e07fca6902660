// The review page: one self-contained HTML document (inline CSS and script, no
// outside resources) that shows one item at a time and takes a decision from a
// key press. Everything from the data is set as text by the script, never as
// HTML. The script asks the server for the reviewer's current item, sends each
// decision, skip and undo, and gets the next item back in the same answer.
import { escapeHtml } from '../../preview/html.ts';

export interface ReviewPageOptions {
  /** Shown in the title: the dataset's folder name. */
  readonly title: string;
  /** The Content-Security-Policy nonce of the inline style and script. */
  readonly nonce: string;
}

const STYLE = `
:root { color-scheme: light; --yes: #1f7a3a; --no: #b3261e; --ink: #1b1b1f; --muted: #5f6368; --line: #d7d7db; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, sans-serif; color: var(--ink); background: #f6f6f8; }
header { display: flex; gap: 1.5rem; align-items: baseline; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1rem; margin: 0; }
header .grow { flex: 1; }
#progress, #who { color: var(--muted); font-variant-numeric: tabular-nums; }
main { max-width: 1000px; margin: 0 auto; padding: 1rem 1.2rem 2rem; }
[hidden] { display: none !important; }
#gate { font-family: ui-monospace, monospace; font-size: .9rem; color: var(--muted); }
#stage { display: flex; justify-content: center; align-items: center; min-height: 200px; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .8rem; }
#stage img, #stage video { max-width: 100%; max-height: 62vh; min-width: min(100%, 360px); object-fit: contain; }
#stage audio { width: 100%; }
.flipbook { display: flex; flex-direction: column; align-items: center; gap: .4rem; width: 100%; }
.flipbook .controls { display: flex; gap: .6rem; align-items: center; width: min(100%, 480px); }
.flipbook input { flex: 1; }
#question { font-size: 1.35rem; font-weight: 600; margin: 1rem 0 .3rem; }
#instructions { color: var(--muted); white-space: pre-wrap; margin: .2rem 0; }
#note { color: #7a4b00; margin: .2rem 0; }
.buttons { display: flex; gap: .8rem; margin-top: 1rem; flex-wrap: wrap; }
button { font: inherit; padding: .6rem 1.2rem; border-radius: 6px; border: 1px solid var(--line); background: #fff; cursor: pointer; }
button:disabled { opacity: .5; cursor: default; }
button.yes { background: var(--yes); border-color: var(--yes); color: #fff; min-width: 8rem; }
button.no { background: var(--no); border-color: var(--no); color: #fff; min-width: 8rem; }
kbd { font: .8em ui-monospace, monospace; padding: 0 .3em; border: 1px solid currentColor; border-radius: 3px; opacity: .8; }
#status { min-height: 1.5em; color: var(--muted); }
#status.error { color: var(--no); }
form { display: flex; gap: .6rem; align-items: center; margin-top: 2rem; }
form input { font: inherit; padding: .5rem; border: 1px solid var(--line); border-radius: 6px; }
.empty { margin-top: 2rem; font-size: 1.2rem; }
`;

// Plain script (no template literals), so that it sits in this file's template as it is.
const SCRIPT = `
'use strict';
const params = new URLSearchParams(location.search);
const token = params.get('token');
let reviewer = (params.get('reviewer') || '').trim();
let current = null;
let busy = false;
let flip = null;
let poll = 0;
/** While nothing waits for this reviewer, ask again now and then: a lease may run out, or a QA item may need a second answer. */
const POLL_MS = 5000;
const $ = (id) => document.getElementById(id);

function setState(state) { document.body.dataset.state = state; }

function status(text, isError) {
  $('status').textContent = text || '';
  $('status').className = isError ? 'error' : '';
}

async function call(method, path, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers['x-rlr-token'] = token;
  const response = await fetch(path, { method: method, headers: headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  if (response.status === 409 && data) return data;
  if (!response.ok) throw new Error((data && data.error) || ('the server answered ' + response.status));
  return data;
}

function mediaUrl(offer, frame) {
  const query = new URLSearchParams({ gate: offer.gate, item: offer.itemKey });
  if (frame !== undefined) query.set('frame', String(frame));
  if (token) query.set('token', token);
  return '/media?' + query.toString();
}

function stopFlip() {
  if (flip) clearInterval(flip.timer);
  flip = null;
}

function flipbook(offer) {
  const count = offer.media.frames;
  const fps = Math.min(30, Math.max(1, offer.media.fps || 8));
  const box = document.createElement('div');
  box.className = 'flipbook';
  const img = document.createElement('img');
  img.alt = offer.media.name;
  const controls = document.createElement('div');
  controls.className = 'controls';
  const play = document.createElement('button');
  play.type = 'button';
  const slider = document.createElement('input');
  slider.type = 'range'; slider.min = '0'; slider.max = String(count - 1); slider.value = '0';
  const label = document.createElement('span');
  controls.append(play, slider, label);
  box.append(img, controls);
  const urls = [];
  for (let i = 0; i < count; i++) {
    urls.push(mediaUrl(offer, i));
    new Image().src = urls[i];
  }
  flip = { timer: 0, frame: 0 };
  const state = flip;
  const show = (frame) => {
    state.frame = frame;
    img.src = urls[frame];
    img.dataset.frame = String(frame);
    slider.value = String(frame);
    label.textContent = (frame + 1) + ' / ' + count;
  };
  const playing = (on) => {
    clearInterval(state.timer);
    state.timer = on ? setInterval(() => show((state.frame + 1) % count), 1000 / fps) : 0;
    play.textContent = on ? 'Pause' : 'Play';
  };
  play.addEventListener('click', () => playing(!state.timer));
  slider.addEventListener('input', () => { playing(false); show(Number(slider.value)); });
  show(0);
  playing(count > 1);
  return box;
}

function showMedia(offer) {
  stopFlip();
  const stage = $('stage');
  stage.replaceChildren();
  const media = offer.media;
  // A text-only item: the question is all there is to judge.
  stage.hidden = !media;
  if (!media) return;
  let element;
  if (media.kind === 'video' && media.frames) {
    element = flipbook(offer);
  } else if (media.kind === 'image') {
    element = document.createElement('img');
    element.alt = media.name;
    element.src = mediaUrl(offer);
  } else {
    element = document.createElement(media.kind === 'audio' ? 'audio' : 'video');
    element.controls = true;
    element.preload = 'auto';
    element.src = mediaUrl(offer);
    if (media.kind === 'video') element.playsInline = true;
  }
  element.id = 'media';
  element.dataset.kind = media.kind;
  stage.append(element);
}

function render(data) {
  clearTimeout(poll);
  current = data.offer;
  $('progress').textContent = data.progress.done + ' done by you \\u00b7 ' + data.progress.remaining + ' remaining';
  $('who').textContent = 'reviewing as ' + data.reviewer;
  $('undo').disabled = !data.canUndo;
  $('empty-undo').disabled = !data.canUndo;
  status(data.notice, false);
  const item = $('item');
  if (!current) {
    stopFlip();
    $('stage').replaceChildren();
    item.hidden = true;
    item.dataset.gate = '';
    item.dataset.item = '';
    $('empty').hidden = false;
    setState('empty');
    poll = setTimeout(() => {
      if (!current && document.visibilityState === 'visible') act('GET', '/api/next?reviewer=' + encodeURIComponent(reviewer));
    }, POLL_MS);
    return;
  }
  $('empty').hidden = true;
  item.hidden = false;
  item.dataset.gate = current.gate;
  item.dataset.item = current.itemKey;
  item.dataset.need = current.need;
  $('gate').textContent = current.gate + ' \\u00b7 ' + current.itemKey;
  $('question').textContent = current.question || '(no question)';
  $('instructions').textContent = current.instructions || '';
  $('instructions').hidden = !current.instructions;
  $('note').textContent = current.need === 'adjudication'
    ? 'Two reviewers disagreed on this item: your answer decides it.'
    : (current.qa ? 'Quality-check item: a second reviewer answers it too.' : '');
  showMedia(current);
  setState('item');
}

async function act(method, path, body) {
  if (busy) return;
  busy = true;
  document.body.dataset.busy = 'true';
  try {
    render(await call(method, path, body));
  } catch (error) {
    status(error.message, true);
  } finally {
    busy = false;
    delete document.body.dataset.busy;
  }
}

function decide(value) {
  if (current) return act('POST', '/api/decide', { reviewer: reviewer, gate: current.gate, itemKey: current.itemKey, value: value });
}
function skip() {
  if (current) return act('POST', '/api/skip', { reviewer: reviewer, gate: current.gate, itemKey: current.itemKey });
}
function undo() { return act('POST', '/api/undo', { reviewer: reviewer }); }

function start() {
  $('login').hidden = true;
  $('review').hidden = false;
  setState('loading');
  return act('GET', '/api/next?reviewer=' + encodeURIComponent(reviewer));
}

document.addEventListener('keydown', (event) => {
  if (!reviewer || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  const target = event.target;
  if (target && (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && target.type !== 'range'))) return;
  const key = event.key.toLowerCase();
  if (key === 'y') decide(true);
  else if (key === 'n') decide(false);
  else if (key === 's') skip();
  else if (key === 'u') undo();
  else return;
  event.preventDefault();
});

$('yes').addEventListener('click', () => decide(true));
$('no').addEventListener('click', () => decide(false));
$('skip').addEventListener('click', () => skip());
$('undo').addEventListener('click', () => undo());
$('empty-undo').addEventListener('click', () => undo());

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('name').value.trim();
  if (!name) return;
  reviewer = name;
  try { localStorage.setItem('rlr-review-name', name); } catch (error) { /* storage may be off */ }
  params.set('reviewer', name);
  history.replaceState(null, '', '?' + params.toString());
  start();
});

if (reviewer) {
  start();
} else {
  try { $('name').value = localStorage.getItem('rlr-review-name') || ''; } catch (error) { /* storage may be off */ }
  $('login').hidden = false;
  setState('name');
  $('name').focus();
}
`;

export function reviewPage(options: ReviewPageOptions): string {
  const nonce = escapeHtml(options.nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>rlr review · ${escapeHtml(options.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body data-state="loading">
<header><h1>rlr review · ${escapeHtml(options.title)}</h1><span class="grow"></span><span id="progress"></span><span id="who"></span></header>
<main>
<form id="login" hidden>
  <label for="name">Your name</label>
  <input id="name" name="name" maxlength="64" autocomplete="username" required>
  <button type="submit">Start reviewing</button>
</form>
<section id="review" hidden>
  <div id="item" hidden>
    <div id="gate"></div>
    <div id="stage"></div>
    <p id="question"></p>
    <p id="instructions"></p>
    <p id="note"></p>
    <div class="buttons">
      <button type="button" id="yes" class="yes">Yes <kbd>Y</kbd></button>
      <button type="button" id="no" class="no">No <kbd>N</kbd></button>
      <button type="button" id="skip">Skip <kbd>S</kbd></button>
      <button type="button" id="undo">Undo <kbd>U</kbd></button>
    </div>
  </div>
  <div id="empty" class="empty" hidden>
    <p>Nothing is waiting for you now: every item is decided, skipped by you, or with another reviewer.</p>
    <button type="button" id="empty-undo">Undo your last decision <kbd>U</kbd></button>
  </div>
  <p id="status" role="status" aria-live="polite"></p>
</section>
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
