/**
 * Finds the inputs a page wants a one-time code in. Runs in the content script on
 * every page, so it does nothing until called and weighs several cheap signals
 * (a score, not one regex), cheapest first: the field's own markup, then the text
 * around it and what the page is for (someone signing in, not a data grid, a preview,
 * a console or docs), and last whether a person can see and type into it at all.
 * All text is normalised by `words` (lower case, camelCase and -_. split into
 * spaces), so the patterns below use spaces where sites use dashes.
 */

export interface OtpField {
  /** One input, or the one-character boxes of a split code in visual (left-to-right) order. */
  inputs: HTMLInputElement[];
  /** 'sms' when the page says the code was sent by text message, email, call or push: not a TOTP field. */
  kind: 'totp' | 'sms';
}

/** Says "this is an MFA / one-time code" in the languages Otto ships for. */
const STRONG =
  /\b(?:(?:mfa|2fa|tfa|totp|otp)(?:code|token|pin|input)?|otc|one ?time|two ?(?:factor|step)|2 ?step|multi ?factor|authenticator|(?:authentication|verification|security|auth|login|sign ?in|access) code|passcode)\b|(?:zwei|2) ?faktor|(?:best[äa]tigungs|sicherheits|authentifizierungs|verifizierungs|einmal|pr[üu]f)code|einmalpasswort|double authentification|deux (?:facteurs|[ée]tapes)|code (?:de (?:v[ée]rification|s[ée]curit[ée])|d'authentification|[àa] usage unique)|c[óo]digo de (?:verifica|seguran|seguridad|autentica|acesso|acceso)|dos (?:factores|pasos)|dois fatores|duas etapas|codice (?:di (?:verifica|sicurezza|autenticazione)|monouso)|due (?:fattori|passaggi)|verificatiecode|beveiligingscode|authenticatiecode|twee ?(?:staps|factor)|eenmalige|認証|確認コード|ワンタイム|段階|セキュリティコード|验证码|驗證碼|动态|動態|双重|雙重|两步|兩步|双因素|安全码|一次性|인증|일회용|보안 ?코드|확인 ?코드|код (?:подтверждения|безопасности|аутентификации)|проверочн|двухфакторн|двухэтапн|одноразов|аутентификатор|קוד (?:אימות|אבטחה|חד ?פעמי)|אימות דו|מאמת/;
/** A bare "code" word: weaker, it needs company. */
const CODE = /code|c[óo]digo|codice|token|コード|码|碼|코드|код|קוד/;
/** Own text that rules a field out whatever else it says. */
const NEVER =
  /\b(?:user ?(?:name|id)|login ?id|zip|postal|post ?code|postcode|plz|cap|search|query|coupon|promo|voucher|discount|gift|captcha|card|cc|cvv|cvc|csc|cid|exp(?:iry|iration|ire)?|mm|yy|yyyy|dd|amount|price|qty|quantity|date|dob|birth|referral|invite|filter)\b|gutschein|rabatt|postleitzahl|suche|benutzer|recherche|r[ée]duction|code postal|c[óo]digo postal|cup[oó]n|cupom|buscar|pesquis|sconto|ricerca|korting|zoeken|郵便番号|クーポン|検索|邮编|邮政|搜索|优惠|券|우편번호|쿠폰|검색|индекс|поиск|промокод|купон|מיקוד|חיפוש|קופון|图形|圖形|画像|картинк|капч|ユーザー|用户名|아이디|логин/;
/** Own text that rules a field out unless it also says MFA/one-time ("totpPin", "phone code"). */
const UNLESS_STRONG =
  /\b(?:pin|e ?mail|phone|mobile|tel|telephone|address|city)\b|telefon|t[ée]l[ée]phone|tel[ée]fono|celular|handy|電話|电话|手机|휴대폰|전화|телефон|טלפון|correo|courriel/;
/** A password, whatever else the label says ("Confirm your password to disable 2FA")… */
const PASSWORD =
  /\b(?:pass(?:word|wort|phrase)?|pwd|kennwort)\b|mot de passe|contraseña|senha|wachtwoord|parola|пароль|סיסמה|パスワード|密码|密碼|비밀번호/;
/** …unless it is a one-time password. */
const ONE_TIME = /\b(?:one ?time|otp|totp|hotp)\b|einmal|usage unique|solo uso|descart|monouso|eenmalig|ワンタイム|一次性|动态|動態|일회용|одноразов|חד ?פעמי/;
/** Context of a payment, captcha or site-ownership form: "security code" / "验证码" / "verification code" mean something else there. */
const HOSTILE =
  /\b(?:card|cvv|cvc|csc|expir(?:y|ation)|billing|captcha|webmaster|search console|meta tag|txt record|(?:site|domain) (?:ownership|verification)|own (?:this|your) (?:site|domain))\b|characters (?:you see|shown|in the image)|karte|carte|tarjeta|cart[ãa]o|carta di|kaart|カード|信用卡|银行卡|카드|карт|כרטיס|图形|圖形|画像|картинк|תמונה/;
/** Recovery/backup codes: single-use, never a TOTP code, unless the field also takes one. */
const BACKUP =
  /\b(?:recovery|backup|scratch)\b|wiederherstellung|r[ée]cup[ée]ration|secours|recuperaci|respaldo|recupera|herstel|リカバリ|バックアップ|恢复|备用|복구|백업|восстановлен|резервн|שחזור|גיבוי/;
const TAKES_TOTP = /\b(?:(?:authentication|auth|verification) code|authenticator|totp|otp|one time (?:password|code))\b/;
/** The code came by text message, email, voice call or push notification. */
const SENT =
  /\b(?:sms|text(?:ed)? message|texted|e ?mailed|inbox|sent|resend|check your (?:e ?mail|phone)|(?:by|via|per|par|por) (?:e ?mail|sms|text|courriel|correo)|e ?mail (?:code|verification)|voice|calling|call (?:me|you)|phone call|notification|push)\b|envoy|enviad|enviamos|inviat|gesendet|geschickt|verzonden|gestuurd|verstuurd|anruf|benachrichtigung|appel|llamada|chiamata|notifica|oproep|送信|送っ|メール|通知|通話|发送|發送|短信|簡訊|邮件|郵件|推送|전송|문자|이메일|알림|음성|отправ|смс|почт|звон|уведомлен|נשלח|שלחנו|הודעה|שיחה/;
/** An authenticator app is named: TOTP even if SMS is offered as an alternative. */
const APP =
  /authenticat(?:or|ion) ?app|authenticator|\b(?:mfa|2fa|otp|totp) (?:app|device|application)|virtual mfa|\btotp\b|application d'authentification|aplicaci[óo]n de autenticaci|aplicativo autenticador|app di autenticazione|認証アプリ|验证器|驗證器|인증 ?앱|приложени\S* аутентифика|אפליקציית אימות/;
/** Ancestors named like this show a field for looking at, not for signing in. */
const SHOWCASE = /\b(?:preview|example|sample|playground|sandbox|builder|try it)\b/;
/** Submit buttons of settings and data-entry forms. */
const SAVE =
  /\b(?:save|update|apply|publish|search|send|subscribe|filter|add|create|delete|upload|export|import|execute)\b|speicher|enregistr|guardar|salva|opslaan|保存|저장|сохран|שמור/;

const TEXT_TYPES = /^(?:text|tel|number|password)$/;
const FORM_TEXT_TYPES = /^(?:text|tel|number|password|email|url|search)$/;
const CONTEXT_MAX = 1500;
const THRESHOLD = 5;
/** Less than this many CSS pixels of a field is nothing a person can see and type into. */
const MIN_PX = 5;

const words = (s: string) =>
  s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.\s]+/g, ' ')
    .toLowerCase();

/** Parent in the composed tree: through shadow roots to their host. */
const up = (el: Element): Element | null => el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);

let shadowSeen: ((root: ShadowRoot) => void) | null = null;

/** Tells `visit` of every open shadow root a pass walks into (the content script observes them). */
export function onShadowRoot(visit: ((root: ShadowRoot) => void) | null): void {
  shadowSeen = visit;
}

/** Every input under root in tree order, entering open shadow roots where they sit. */
function allInputs(root: Document | ShadowRoot, out: HTMLInputElement[] = []): HTMLInputElement[] {
  // querySelectorAll('*') and a loop: about three times faster than a TreeWalker on large pages.
  for (const el of root.querySelectorAll('*')) {
    if (el.localName === 'input') out.push(el as HTMLInputElement);
    if (el.shadowRoot) {
      shadowSeen?.(el.shadowRoot);
      allInputs(el.shadowRoot, out);
    }
  }
  return out;
}

const typeable = (i: HTMLInputElement) => TEXT_TYPES.test(i.type) && !i.disabled && !i.readOnly;

/** Cheap visibility: has a box and is not hidden, transparent or display:none up the tree. */
function shown(input: HTMLInputElement): boolean {
  const r = input.getBoundingClientRect();
  if (r.width < MIN_PX || r.height < MIN_PX) return false;
  // checkVisibility (Chrome 105, Firefox 106) covers ancestors and closed <details>; option names changed in Chrome 121, pass both.
  const opts = { checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true };
  return input.checkVisibility(opts as CheckVisibilityOptions);
}

type Box = [left: number, top: number, right: number, bottom: number];

/** The part of `r` a clip-path or clip value leaves visible, or null when it cannot tell (url(), keywords). */
function clipBox(value: string, r: DOMRect): Box | null {
  const m = /^(\w+)\(([^)]*)\)/.exec(value);
  if (!m) return null;
  const [, fn, args] = m as unknown as [string, string, string];
  const len = (s: string | undefined, size: number) => (s?.endsWith('%') ? (parseFloat(s) * size) / 100 : parseFloat(s ?? ''));
  const { left: x, top: y, width: w, height: h } = r;
  if (fn === 'inset') {
    const [t, rt = t, b = t, l = rt] = args.split(' round ')[0]!.trim().split(/\s+/);
    return [x + len(l, w), y + len(t, h), x + w - len(rt, w), y + h - len(b, h)];
  }
  if (fn === 'rect') {
    // clip: rect(top, right, bottom, left) from the box's top-left corner; auto = that edge.
    const [t, rt, b, l] = args.split(/,\s*/).map((v, i) => (v === 'auto' ? [0, w, h, 0][i]! : parseFloat(v)));
    return [x + l!, y + t!, x + rt!, y + b!];
  }
  if (fn === 'polygon') {
    const pts = args.replace(/^\w+,/, '').split(',').map((p) => p.trim().split(/\s+/));
    const xs = pts.map((p) => x + len(p[0], w));
    const ys = pts.map((p) => y + len(p[1], h));
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }
  if (fn === 'circle' || fn === 'ellipse') {
    const [radii, at = '50% 50%'] = args.split(' at ');
    const [rx, ry = rx] = radii!.trim().split(/\s+/);
    const [cx, cy] = at.trim().split(/\s+/);
    const [ax, ay, bx, by] = [len(cx, w), len(cy, h), len(rx, w), len(ry, h)];
    return [ax, ay, bx, by].some(Number.isNaN) ? null : [x + ax - bx, y + ay - by, x + ax + bx, y + ay + by];
  }
  return null;
}

/**
 * Whether a person can see and type into the input: not moved off the page, clipped
 * away by an ancestor (overflow, clip, clip-path), faded out, hidden from assistive
 * tech and keyboard alike (a honeypot), inert, or behind a modal dialog.
 */
function onScreen(input: HTMLInputElement): boolean {
  const r = input.getBoundingClientRect();
  const page = input.ownerDocument.documentElement;
  // Pages never scroll to negative coordinates, nor past their scrollable size.
  if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0 || r.left + scrollX >= page.scrollWidth || r.top + scrollY >= page.scrollHeight) return false;
  const modal = input.ownerDocument.querySelector(':modal');
  let inModal = !modal;
  let box: Box = [r.left, r.top, r.right, r.bottom];
  let opacity = 1;
  // An absolutely/fixed positioned element escapes the overflow of ancestors below its containing block.
  let pos = getComputedStyle(input).position;
  for (let el: Element | null = input; el; el = up(el)) {
    if (el === modal) inModal = true;
    if (el.hasAttribute('inert') || (el.getAttribute('aria-hidden') === 'true' && input.tabIndex < 0)) return false;
    const s = getComputedStyle(el);
    opacity *= parseFloat(s.opacity);
    const er = el.getBoundingClientRect();
    const clips: Array<Box | null> = [];
    if (s.clipPath !== 'none') clips.push(clipBox(s.clipPath, er));
    if (s.clip !== 'auto' && /absolute|fixed/.test(s.position)) clips.push(clipBox(s.clip, er));
    if (el !== input && el !== page && el !== input.ownerDocument.body) {
      const contains =
        pos === 'fixed' ? s.transform !== 'none' || s.filter !== 'none' : pos !== 'absolute' || s.position !== 'static' || s.transform !== 'none';
      if (contains) {
        pos = s.position;
        // hidden/clip cut the field off; auto/scroll containers can be scrolled to it unless themselves tiny.
        const cut = (o: string) => o === 'hidden' || o === 'clip';
        if (s.overflowX !== 'visible') clips.push(cut(s.overflowX) ? [er.left, -Infinity, er.right, Infinity] : er.width < MIN_PX ? [0, 0, 0, 0] : null);
        if (s.overflowY !== 'visible') clips.push(cut(s.overflowY) ? [-Infinity, er.top, Infinity, er.bottom] : er.height < MIN_PX ? [0, 0, 0, 0] : null);
      }
    }
    for (const c of clips) if (c) box = [Math.max(box[0], c[0]), Math.max(box[1], c[1]), Math.min(box[2], c[2]), Math.min(box[3], c[3])];
    if (box[2] - box[0] < MIN_PX || box[3] - box[1] < MIN_PX) return false;
  }
  return inModal && opacity >= 0.1;
}

/** Text of a node without script/style bodies, or null once longer than max. */
function textOf(node: Node, max: number): string | null {
  const walk = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  let s = '';
  while (walk.nextNode()) {
    const tag = walk.currentNode.parentElement?.localName;
    if (tag === 'script' || tag === 'style') continue;
    s += walk.currentNode.nodeValue + ' ';
    if (s.length > max) return null;
  }
  return s;
}

/** Names and labels of the element itself (attributes, <label>, ARIA references), as the page wrote them. */
function rawOwnText(el: HTMLElement): string {
  const input = el as HTMLInputElement;
  const parts: Array<string | null | undefined> = [
    el.id,
    input.name,
    el.getAttribute('class'),
    input.placeholder,
    el.title,
    el.getAttribute('aria-label'),
    // "username", "current-password", "email"…; one-time-code counts on its own (see judge).
    el.getAttribute('autocomplete')?.replace(/one-time-code/i, ''),
  ];
  const root = el.getRootNode() as Document | ShadowRoot;
  for (const id of `${el.getAttribute('aria-labelledby') ?? ''} ${el.getAttribute('aria-describedby') ?? ''}`.split(' ')) {
    if (id) parts.push(root.getElementById(id)?.textContent);
  }
  // input.labels searches the whole tree for label[for]; without an id only an enclosing label can name it.
  if (el.id) for (const label of input.labels ?? []) parts.push(label.textContent);
  else parts.push(el.closest('label')?.textContent);
  return parts.join(' ');
}

const ownText = (el: HTMLElement) => words(rawOwnText(el));

/** Own text that says the field is for something else than a code. */
const ruledOut = (own: string, strong: boolean) =>
  NEVER.test(own) || (!strong && UNLESS_STRONG.test(own)) || (PASSWORD.test(own) && !ONE_TIME.test(own)) || (BACKUP.test(own) && !TAKES_TOTP.test(own));

/** The largest ancestor (up to 6 levels, through shadow roots) whose text is still short. */
function contextOf(el: Element): { node: Node | null; text: string } {
  let best: { node: Node | null; text: string } = { node: null, text: '' };
  let node: Node | null = el.parentNode;
  for (let i = 0; node && i < 6; i++) {
    const t = textOf(node, CONTEXT_MAX);
    if (t === null) break;
    best = { node, text: words(t) };
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return best;
}

/**
 * A field that says nothing about itself ("challenge_response", "secretkey") is the code
 * field only by elimination: the one input of a sign-in form left over once the
 * username, password and the like are accounted for, in a form that submits.
 */
function soleUnknownField(input: HTMLInputElement): boolean {
  const form = input.form;
  if (!form) return false;
  const submit = [...form.elements].find(
    (e): e is HTMLButtonElement | HTMLInputElement => (e instanceof HTMLButtonElement || e instanceof HTMLInputElement) && e.type === 'submit',
  );
  if (!submit || SAVE.test(words(submit.textContent + ' ' + submit.value))) return false;
  // Where a form asks for a password too, the code comes after it (an organisation or tenant field comes before).
  const password = [...form.elements].find((e) => e instanceof HTMLInputElement && e.type === 'password');
  if (password && !(password.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING)) return false;
  return [...form.elements].every(
    (e) =>
      e === input ||
      !(e instanceof HTMLInputElement) ||
      !FORM_TEXT_TYPES.test(e.type) ||
      e.disabled ||
      e.type === 'password' ||
      e.type === 'email' ||
      ruledOut(ownText(e), false),
  );
}

/** The page shows the field for something other than a person signing in. */
function notSignIn(inputs: HTMLInputElement[], context: Node | null): boolean {
  const input = inputs[0]!;
  if (input.closest('th,thead,[role=gridcell],[role=columnheader],[role=rowheader],[role=cell]')) return true;
  for (let el: Element | null = input; el; el = up(el)) {
    if (SHOWCASE.test(words(`${el.id} ${el.getAttribute('class') ?? ''} ${el.getAttribute('aria-label') ?? ''}`))) return true;
  }
  // Code samples next to the field: docs and API consoles.
  if (context instanceof Element || context instanceof ShadowRoot) {
    if (context.querySelector('pre')) return true;
  }
  // Data entry: a sign-in form holds a few fields, not five (the boxes of a split code count as none).
  const others = [...(input.form?.elements ?? [])].filter(
    (e) => e instanceof HTMLInputElement && !inputs.includes(e) && e.maxLength !== 1 && FORM_TEXT_TYPES.test(e.type) && !e.disabled && e.checkVisibility(),
  );
  return others.length >= 4;
}

/**
 * Anything STRONG or CODE can match contains one of these (or a non-ASCII letter): a field
 * whose own text has none, with no digits-only hint, no one-time-code and no form, cannot
 * reach the threshold whatever its context says. Most inputs of a busy page stop here.
 */
const MAYBE = /cod|otp|otc|mfa|2fa|tfa|one.?time|step|fa[ck]?t|auth|einmal|eenmal|etap|paso|passag|staps|token|[^\0-\x7f]/;

/**
 * Scores inputs that make up one code field; null when it is not a code field. With
 * `visible` false, whether a person can see it is left to the caller.
 */
function judge(inputs: HTMLInputElement[], container: Element, visible = true): OtpField | null {
  const first = inputs[0]!;
  const otc = inputs.some((i) => /one-time-code/i.test(i.getAttribute('autocomplete') ?? ''));
  const numeric =
    +inputs.some((i) => /numeric/i.test(i.inputMode) || i.type === 'tel' || i.type === 'number') +
    +inputs.some((i) => /\\d|0-9/.test(i.pattern));
  const raw = inputs.map(rawOwnText).join(' ') + (inputs.length > 1 ? ' ' + rawOwnText(container as HTMLElement) : '');
  // Lower case here, not an i flag: case-folding [^\0-\x7f] costs V8 tens of milliseconds to compile.
  if (inputs.length === 1 && !otc && !numeric && !first.form && !MAYBE.test(raw.toLowerCase())) return null;
  const own = words(raw);
  const strong = STRONG.test(own);
  if (ruledOut(own, strong)) return null;
  if (first.type === 'password' && !strong && !otc) return null;
  // Recovery codes look like "xxxxx-xxxxx".
  if (/\w{4,}-\w{4,}/.test(first.placeholder)) return null;

  let score = otc ? 5 : 0;
  const generic = !strong && !CODE.test(own);
  score += strong ? 4 : generic ? 0 : 2;
  score += Math.min(numeric, 2);
  if (inputs.length > 1) score += 2; // a row of single-character boxes is itself a strong hint
  else {
    const max = first.maxLength;
    if (max >= 6 && max <= 8) score += 1;
    else if (max > 0 && (max < 6 || max > 12)) score -= max < 6 ? 5 : 2;
  }
  // Context adds at most 3 (5 for a field known only by elimination): skip reading it for the plain fields of ordinary forms.
  const sole = generic && inputs.length === 1 && soleUnknownField(first);
  if (score + (sole ? 5 : 3) < THRESHOLD) return null;
  const { node, text: ctx } = contextOf(container);
  const app = APP.test(ctx);
  if (STRONG.test(ctx)) score += 2;
  if (app) score += 1;
  // Known only by elimination: the text must ask for the app's code and for nothing sent or saved for later.
  if (sole && app && CODE.test(ctx) && !SENT.test(ctx) && !BACKUP.test(ctx)) score += 2;
  if (HOSTILE.test(ctx)) score -= 5;
  if (score < THRESHOLD || notSignIn(inputs, node) || (visible && !inputs.every(onScreen))) return null;

  const kind = SENT.test(own) || (!APP.test(own) && !app && SENT.test(ctx)) ? 'sms' : 'totp';
  return { inputs, kind };
}

const left = (i: HTMLInputElement) => i.getBoundingClientRect().left;

/** Every code field, SMS and email ones included (for an explicit user request). */
export function findCodeFieldsOnRequest(root: Document | ShadowRoot): OtpField[] {
  const inputs = allInputs(root).filter((i) => typeable(i) && shown(i));
  const boxes = inputs.filter((i) => i.maxLength === 1);
  // A split code: 5–8 single-character boxes under one ancestor at most 3 levels up.
  const groups = new Map<Element, HTMLInputElement[]>();
  for (const box of boxes) {
    let p: Element | null = box.parentElement;
    for (let k = 0; p && k < 3 && boxes.filter((b) => p!.contains(b)).length < 5; k++) p = p.parentElement;
    if (p) groups.set(p, [...(groups.get(p) ?? []), box]);
  }
  const found: Array<[number, OtpField]> = [];
  const grouped = new Set<HTMLInputElement>();
  for (const [container, group] of groups) {
    if (group.length < 5 || group.length > 8) continue;
    group.forEach((b) => grouped.add(b));
    const field = judge([...group].sort((a, b) => left(a) - left(b)), container);
    if (field) found.push([inputs.indexOf(group[0]!), field]);
  }
  inputs.forEach((input, i) => {
    const field = grouped.has(input) ? null : judge([input], input);
    if (field) found.push([i, field]);
  });
  return found.sort((a, b) => a[0] - b[0]).map(([, f]) => f);
}

/** TOTP/HOTP code fields: what Otto fills on its own. */
export function findOtpFields(root: Document | ShadowRoot): OtpField[] {
  return findCodeFieldsOnRequest(root).filter((f) => f.kind === 'totp');
}

/**
 * The quick check on inputs a page has just added: is one of them a TOTP code field, or
 * one box of what may be a split one (`field`)? Text first, layout last, so that the
 * ordinary inputs of a busy page cost a few string tests each. `unseen` are the ones
 * that would be, were they visible (a dialog still fading in): worth another look soon.
 */
export function triage(inputs: Iterable<HTMLInputElement>): { field: boolean; unseen: HTMLInputElement[] } {
  const unseen: HTMLInputElement[] = [];
  for (const i of inputs) {
    if (!typeable(i) || !(i.maxLength === 1 ? !ruledOut(ownText(i), false) : judge([i], i, false)?.kind === 'totp')) continue;
    if (shown(i) && (i.maxLength === 1 || onScreen(i))) return { field: true, unseen: [] };
    unseen.push(i);
  }
  return { field: false, unseen };
}
