// HTML for the demo console. Field ids, names and labels follow the patterns
// real cloud consoles use, because exercising Otto's MFA-field detection is the point.
import qrcode from 'qrcode-generator';
import { PNG } from 'pngjs';

export const DEMO = Object.freeze({
  name: 'Demo Cloud',
  accountId: '123456789012',
  user: 'alice',
  password: 'otto-demo',
});

/** @param {unknown} value */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Same shape as AWS's URIs: "Issuer:user@account" with a literal colon and at sign. */
export function otpauthUri(/** @type {string} */ secret) {
  const issuer = encodeURIComponent(DEMO.name);
  return `otpauth://totp/${issuer}:${DEMO.user}@${DEMO.accountId}?secret=${secret}&issuer=${issuer}`;
}

// ---------------------------------------------------------------- QR rendering

const QR_MARGIN = 4; // the quiet zone the QR spec requires

/**
 * @param {string} text
 * @returns {{ size: number, dark: (row: number, col: number) => boolean }}
 * @throws {Error} when the text does not fit in a QR code
 */
function qrMatrix(text) {
  const qr = qrcode(0, 'M');
  // The library encodes one byte per UTF-16 unit; hand it UTF-8 bytes instead.
  qr.addData(Buffer.from(text, 'utf8').toString('latin1'), 'Byte');
  qr.make();
  return { size: qr.getModuleCount(), dark: (r, c) => qr.isDark(r, c) };
}

/** PNG rather than the library's GIF so tests can decode it with pngjs + jsQR. */
function qrPng(/** @type {string} */ text, scale = 6) {
  const { size, dark } = qrMatrix(text);
  const side = (size + 2 * QR_MARGIN) * scale;
  const png = new PNG({ width: side, height: side });
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - QR_MARGIN;
      const col = Math.floor(x / scale) - QR_MARGIN;
      const inside = row >= 0 && col >= 0 && row < size && col < size;
      const shade = inside && dark(row, col) ? 0 : 255;
      const i = (y * side + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = shade;
      png.data[i + 3] = 255;
    }
  }
  return { url: `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`, side };
}

function qrSvg(/** @type {string} */ text) {
  const { size, dark } = qrMatrix(text);
  const side = size + 2 * QR_MARGIN;
  let path = '';
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (dark(r, c)) path += `M${c + QR_MARGIN} ${r + QR_MARGIN}h1v1h-1z`;
  }
  return `<svg class="qr" role="img" aria-label="QR code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * 5}" height="${side * 5}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

function qrCanvas(/** @type {string} */ text) {
  const { size, dark } = qrMatrix(text);
  const rows = [];
  for (let r = 0; r < size; r++) {
    let row = '';
    for (let c = 0; c < size; c++) row += dark(r, c) ? '1' : '0';
    rows.push(row);
  }
  const side = (size + 2 * QR_MARGIN) * 5;
  return `<canvas class="qr" role="img" aria-label="QR code" width="${side}" height="${side}" data-modules="${rows.join(' ')}"></canvas>`;
}

// Draws every data-modules canvas; inline so the page needs no other resource.
const CANVAS_SCRIPT = `<script>
for (const canvas of document.querySelectorAll('canvas[data-modules]')) {
  const rows = canvas.dataset.modules.split(' ');
  const scale = canvas.width / (rows.length + ${2 * QR_MARGIN});
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  rows.forEach((row, r) => [...row].forEach((bit, c) => {
    if (bit === '1') ctx.fillRect((c + ${QR_MARGIN}) * scale, (r + ${QR_MARGIN}) * scale, scale, scale);
  }));
}
</script>`;

/** @typedef {'img' | 'canvas' | 'svg' | 'css'} QrMode */
export const QR_MODES = /** @type {const} */ (['img', 'canvas', 'svg', 'css']);

/**
 * @param {string} text
 * @param {QrMode} mode
 */
function qrElement(text, mode) {
  switch (mode) {
    case 'canvas':
      return qrCanvas(text);
    case 'svg':
      return qrSvg(text);
    case 'css': {
      const { url, side } = qrPng(text, 5);
      return `<div class="qr qr-css" role="img" aria-label="QR code" style="width:${side}px;height:${side}px;background-image:url(${url})"></div>`;
    }
    default:
      return `<img class="qr" alt="QR code" src="${qrPng(text).url}">`;
  }
}

// ---------------------------------------------------------------- layout

/**
 * @param {string} title
 * @param {string} body
 */
function layout(title, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} | ${DEMO.name}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header class="topbar">
  <a class="brand" href="/">${DEMO.name}</a>
  <span class="account">${DEMO.user} @ ${DEMO.accountId.replace(/(\d{4})(?=\d)/g, '$1-')}</span>
</header>
<main>
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** @param {string | undefined} message */
function alert(message, kind = 'error') {
  return message ? `<div class="alert alert-${kind}" role="alert">${esc(message)}</div>` : '';
}

/**
 * @param {string} id
 * @param {string} name
 * @param {string} label
 */
function codeField(id, name, label) {
  return `<div class="field">
  <label for="${id}">${label}</label>
  <input id="${id}" name="${name}" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required>
</div>`;
}

// ---------------------------------------------------------------- pages

export function indexPage() {
  return layout(
    'Demo Cloud console',
    `<p>A local stand-in for a cloud console, for trying Otto without the internet.
Account <strong>${DEMO.accountId}</strong>, IAM user <strong>${DEMO.user}</strong>.</p>
<p class="note">demo password: <code>${DEMO.password}</code></p>
<ul class="links">
  <li><a href="/enroll">Set up virtual MFA device</a> (scan the QR code with Otto)</li>
  <li><a href="/signin">Sign in</a> (password, then MFA code)</li>
  <li><a href="/resync">Resynchronize MFA device</a></li>
  <li><a href="/qr-lab">QR lab</a>: render any payload as a QR code in an img, canvas, svg or CSS background</li>
  <li><a href="/api/state">State (JSON)</a></li>
</ul>`,
  );
}

/**
 * @param {{ token: string, secret: string, error?: string }} opts
 */
export function enrollPage({ token, secret, error }) {
  return layout(
    'Set up virtual MFA device',
    `${alert(error)}
<ol class="steps">
  <li><p>Install a compatible authenticator, such as the Otto browser extension.</p></li>
  <li>
    <p>Scan this QR code with your authenticator. Alternatively, type the secret key.</p>
    <div class="qr-box">${qrElement(otpauthUri(secret), 'img')}</div>
    <button type="button" class="link" id="show-secret" aria-controls="secret-key" aria-expanded="false">Show secret key</button>
    <code id="secret-key" class="secret" hidden>${esc(secret)}</code>
  </li>
  <li>
    <p>Type two consecutive MFA codes below.</p>
    <form method="post" action="/enroll" class="card" autocomplete="off">
      <input type="hidden" name="token" value="${esc(token)}">
      ${codeField('mfaCode1', 'authCode1', 'MFA code 1')}
      ${codeField('mfaCode2', 'authCode2', 'MFA code 2')}
      <button type="submit" class="primary">Assign MFA</button>
    </form>
  </li>
</ol>
<script>
document.getElementById('show-secret').addEventListener('click', (event) => {
  const key = document.getElementById('secret-key');
  key.hidden = !key.hidden;
  event.currentTarget.setAttribute('aria-expanded', String(!key.hidden));
  event.currentTarget.textContent = key.hidden ? 'Show secret key' : 'Hide secret key';
});
</script>`,
  );
}

export function enrollDonePage() {
  return layout(
    'MFA device assigned',
    `${alert(`The virtual MFA device is now assigned to ${DEMO.user}.`, 'success')}
<p><a class="button" href="/signin">Sign in with MFA</a></p>`,
  );
}

export function enrollExpiredPage() {
  return layout(
    'Set up virtual MFA device',
    `${alert('This setup session has expired or is unknown. Start again to get a new QR code.')}
<p><a class="button" href="/enroll">Start again</a></p>`,
  );
}

/** @param {{ error?: string, username?: string }} [opts] */
export function signinPage({ error, username = '' } = {}) {
  return layout(
    'Sign in as IAM user',
    `${alert(error)}
<form method="post" action="/signin" class="card">
  <div class="field">
    <label for="account">Account ID (12 digits)</label>
    <input id="account" name="account" type="text" inputmode="numeric" value="${DEMO.accountId}" required>
  </div>
  <div class="field">
    <label for="username">IAM user name</label>
    <input id="username" name="username" type="text" autocomplete="username" value="${esc(username)}" required>
  </div>
  <div class="field">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
  </div>
  <button type="submit" class="primary">Sign in</button>
</form>
<p class="note">demo password: <code>${DEMO.password}</code></p>`,
  );
}

/** @param {{ enrolled: boolean, error?: string }} opts */
export function mfaPage({ enrolled, error }) {
  if (!enrolled) {
    return layout(
      'Multi-factor authentication',
      `${alert(`${DEMO.user} has no MFA device yet. Enroll one first.`)}
<p><a class="button" href="/enroll">Set up virtual MFA device</a></p>`,
    );
  }
  return layout(
    'Multi-factor authentication',
    `${alert(error)}
<p>Your account is secured using multi-factor authentication (MFA). To finish signing in, enter the code from your MFA device.</p>
<form method="post" action="/signin/mfa" class="card">
  ${codeField('mfaCode', 'mfaCode', 'MFA code')}
  <button type="submit" class="primary">Submit</button>
</form>
<p><a href="/resync">Having trouble? Resynchronize your MFA device</a></p>`,
  );
}

export function consolePage() {
  return layout(
    'Signed in to Demo Cloud console',
    `${alert(`Welcome, ${DEMO.user}. You signed in with MFA.`, 'success')}
<p><a href="/">Back to the demo index</a></p>`,
  );
}

/** @param {{ enrolled: boolean, error?: string, done?: boolean }} opts */
export function resyncPage({ enrolled, error, done }) {
  if (!enrolled) return mfaPage({ enrolled });
  if (done) {
    return layout(
      'Resynchronize MFA device',
      `${alert('The MFA device was resynchronized.', 'success')}
<p><a class="button" href="/signin">Sign in</a></p>`,
    );
  }
  return layout(
    'Resynchronize MFA device',
    `${alert(error)}
<p>Type two consecutive codes from the MFA device assigned to ${DEMO.user}.</p>
<form method="post" action="/resync" class="card">
  ${codeField('mfaCode1', 'authCode1', 'MFA code 1')}
  ${codeField('mfaCode2', 'authCode2', 'MFA code 2')}
  <button type="submit" class="primary">Resync MFA device</button>
</form>`,
  );
}

/**
 * @param {{ payloads: string[], mode: QrMode, error?: string }} opts
 */
export function qrLabPage({ payloads, mode, error }) {
  const figures = payloads
    .map((p, i) => `<figure class="qr-box">${qrElement(p, mode)}<figcaption>QR code ${i + 1} of ${payloads.length}</figcaption></figure>`)
    .join('\n');
  const modes = QR_MODES.map((m) => `<option${m === mode ? ' selected' : ''}>${m}</option>`).join('');
  return layout(
    'QR lab',
    `${alert(error)}
<form method="get" action="/qr-lab" class="card">
  <div class="field">
    <label for="payload">Payload</label>
    <textarea id="payload" name="payload" rows="2">${esc(payloads[0] ?? '')}</textarea>
  </div>
  <div class="field">
    <label for="mode">Render as</label>
    <select id="mode" name="mode">${modes}</select>
  </div>
  <button type="submit">Render</button>
</form>
<p class="note">Add more <code>payload=</code> parameters to the URL for several codes on one page.</p>
<div class="qr-grid">${figures}</div>
${mode === 'canvas' && payloads.length ? CANVAS_SCRIPT : ''}`,
  );
}

/**
 * @param {string} title
 * @param {string} message
 */
export function errorPage(title, message) {
  return layout(title, `${alert(message)}<p><a href="/">Back to the demo index</a></p>`);
}
