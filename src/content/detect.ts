/**
 * Finds the inputs a page wants a one-time code in. Runs in the content script on
 * every page, so it does nothing until called and weighs several cheap signals
 * (a score, not one regex): markup first, then the text around the field.
 * All text is normalised by `words` (lower case, camelCase and -_. split into
 * spaces), so the patterns below use spaces where sites use dashes.
 */

export interface OtpField {
  /** One input, or the one-character boxes of a split code in visual (left-to-right) order. */
  inputs: HTMLInputElement[];
  /** 'sms' when the page says the code was sent by text message or email: not a TOTP field. */
  kind: 'totp' | 'sms';
}

/** Says "this is an MFA / one-time code" in the languages Otto ships for. */
const STRONG =
  /\b(?:(?:mfa|2fa|tfa|totp|otp)(?:code|token|pin|input)?|otc|one ?time|two ?(?:factor|step)|2 ?step|multi ?factor|authenticator|(?:authentication|verification|security|auth|login|sign ?in|access) code|passcode)\b|(?:zwei|2) ?faktor|(?:best[äa]tigungs|sicherheits|authentifizierungs|verifizierungs|einmal|pr[üu]f)code|einmalpasswort|double authentification|deux (?:facteurs|[ée]tapes)|code (?:de (?:v[ée]rification|s[ée]curit[ée])|d'authentification|[àa] usage unique)|c[óo]digo de (?:verifica|seguran|seguridad|autentica|acesso|acceso)|dos (?:factores|pasos)|dois fatores|duas etapas|codice (?:di (?:verifica|sicurezza|autenticazione)|monouso)|due (?:fattori|passaggi)|verificatiecode|beveiligingscode|authenticatiecode|twee ?(?:staps|factor)|eenmalige|認証|確認コード|ワンタイム|段階|セキュリティコード|验证码|驗證碼|动态|動態|双重|雙重|两步|兩步|双因素|安全码|一次性|인증|일회용|보안 ?코드|확인 ?코드|код (?:подтверждения|безопасности|аутентификации)|проверочн|двухфакторн|двухэтапн|одноразов|аутентификатор|קוד (?:אימות|אבטחה|חד ?פעמי)|אימות דו|מאמת/;
/** A bare "code" word: weaker, it needs company. */
const CODE = /code|c[óo]digo|codice|token|コード|码|碼|코드|код|קוד/;
/** Own text that rules a field out whatever else it says. */
const NEVER =
  /\b(?:user ?(?:name|id)|login ?id|zip|postal|post ?code|postcode|plz|cap|search|query|coupon|promo|voucher|discount|gift|captcha|card|cc|cvv|cvc|csc|cid|exp(?:iry|iration|ire)?|mm|yy|yyyy|dd|amount|price|qty|quantity|date|dob|birth|referral|invite)\b|gutschein|rabatt|postleitzahl|suche|benutzer|recherche|r[ée]duction|code postal|c[óo]digo postal|cup[oó]n|cupom|buscar|pesquis|sconto|ricerca|korting|zoeken|郵便番号|クーポン|検索|邮编|邮政|搜索|优惠|券|우편번호|쿠폰|검색|индекс|поиск|промокод|купон|מיקוד|חיפוש|קופון|图形|圖形|画像|картинк|капч|ユーザー|用户名|아이디|логин/;
/** Own text that rules a field out unless it also says MFA/one-time ("one-time password", "totpPin"). */
const UNLESS_STRONG =
  /\b(?:pin|password|passwort|e ?mail|phone|mobile|tel|telephone|address|city)\b|mot de passe|contraseña|senha|wachtwoord|parola|пароль|סיסמה|パスワード|密码|密碼|비밀번호|telefon|t[ée]l[ée]phone|tel[ée]fono|celular|handy|電話|电话|手机|휴대폰|전화|телефон|טלפון|correo|courriel/;
/** Context of a payment or captcha form: "security code" / "验证码" mean CVV / captcha there. */
const HOSTILE =
  /\b(?:card|cvv|cvc|csc|expir(?:y|ation)|billing|captcha)\b|characters (?:you see|shown|in the image)|karte|carte|tarjeta|cart[ãa]o|carta di|kaart|カード|信用卡|银行卡|카드|карт|כרטיס|图形|圖形|画像|картинк|תמונה/;
/** Recovery/backup codes: single-use, never a TOTP code, unless the field also takes one. */
const BACKUP =
  /\b(?:recovery|backup|scratch)\b|wiederherstellung|r[ée]cup[ée]ration|secours|recuperaci|respaldo|recupera|herstel|リカバリ|バックアップ|恢复|备用|복구|백업|восстановлен|резервн|שחזור|גיבוי/;
const TAKES_TOTP = /\b(?:(?:authentication|auth|verification) code|authenticator|totp|otp|one time (?:password|code))\b/;
/** The code came by text message or email. */
const SENT =
  /\b(?:sms|text(?:ed)? message|texted|e ?mailed|inbox|sent|resend|check your (?:e ?mail|phone)|(?:by|via|per|par|por) (?:e ?mail|sms|text|courriel|correo)|e ?mail (?:code|verification))\b|envoy|enviad|enviamos|inviat|gesendet|geschickt|verzonden|gestuurd|verstuurd|送信|送っ|メール|发送|發送|短信|簡訊|邮件|郵件|전송|문자|이메일|отправ|смс|почт|נשלח|שלחנו|הודעה/;
/** An authenticator app is named: TOTP even if SMS is offered as an alternative. */
const APP =
  /authenticat(?:or|ion) ?app|authenticator|\b(?:mfa|2fa|otp|totp) (?:app|device|application)|virtual mfa|\btotp\b|application d'authentification|aplicaci[óo]n de autenticaci|aplicativo autenticador|app di autenticazione|認証アプリ|验证器|驗證器|인증 ?앱|приложени\S* аутентифика|אפליקציית אימות/;

const TEXT_TYPES = /^(?:text|tel|number|password)$/;
const CONTEXT_MAX = 1500;
const THRESHOLD = 5;

const words = (s: string) =>
  s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.\s]+/g, ' ')
    .toLowerCase();

/** Every input under root in tree order, entering open shadow roots where they sit. */
function allInputs(root: Document | ShadowRoot, out: HTMLInputElement[] = []): HTMLInputElement[] {
  const walk = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let el = walk.nextNode() as Element | null; el; el = walk.nextNode() as Element | null) {
    if (el.localName === 'input') out.push(el as HTMLInputElement);
    if (el.shadowRoot) allInputs(el.shadowRoot, out);
  }
  return out;
}

export function hasCandidateInputs(root: Document | ShadowRoot): boolean {
  return !!root.querySelector('input') || allInputs(root).length > 0;
}

function usable(input: HTMLInputElement): boolean {
  if (!TEXT_TYPES.test(input.type) || input.disabled || input.readOnly) return false;
  const r = input.getBoundingClientRect();
  if (!r.width || !r.height) return false;
  // checkVisibility covers ancestors too; option names changed in Chrome 121, pass both.
  const opts = { checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true };
  if (input.checkVisibility) return input.checkVisibility(opts as CheckVisibilityOptions);
  const s = getComputedStyle(input);
  return s.visibility === 'visible' && s.opacity !== '0';
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

/** Names and labels of the element itself (attributes, <label>, ARIA references). */
function ownText(el: HTMLElement): string {
  const input = el as HTMLInputElement;
  const parts: Array<string | null | undefined> = [el.id, input.name, el.getAttribute('class'), input.placeholder, el.title, el.getAttribute('aria-label')];
  const root = el.getRootNode() as Document | ShadowRoot;
  for (const id of `${el.getAttribute('aria-labelledby') ?? ''} ${el.getAttribute('aria-describedby') ?? ''}`.split(' ')) {
    if (id) parts.push(root.getElementById(id)?.textContent);
  }
  for (const label of input.labels ?? []) parts.push(label.textContent);
  return words(parts.join(' '));
}

/** Text of the largest ancestor (up to 6 levels, through shadow roots) that is still short. */
function contextText(el: Element): string {
  let best = '';
  let node: Node | null = el.parentNode;
  for (let i = 0; node && i < 6; i++) {
    const t = textOf(node, CONTEXT_MAX);
    if (t === null) break;
    best = t;
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return words(best);
}

/** Scores inputs that make up one code field; null when it is not a code field. */
function judge(inputs: HTMLInputElement[], container: Element): OtpField | null {
  const first = inputs[0]!;
  const own = inputs.map(ownText).join(' ') + (inputs.length > 1 ? ' ' + ownText(container as HTMLElement) : '');
  const strong = STRONG.test(own);
  const otc = inputs.some((i) => /one-time-code/i.test(i.getAttribute('autocomplete') ?? ''));
  if (NEVER.test(own) || (!strong && UNLESS_STRONG.test(own)) || (BACKUP.test(own) && !TAKES_TOTP.test(own))) return null;
  if (first.type === 'password' && !strong && !otc) return null;
  // Recovery codes look like "xxxxx-xxxxx".
  if (/\w{4,}-\w{4,}/.test(first.placeholder)) return null;

  let score = otc ? 5 : 0;
  score += strong ? 4 : CODE.test(own) ? 2 : 0;
  const numeric =
    +inputs.some((i) => /numeric/i.test(i.inputMode) || i.type === 'tel' || i.type === 'number') +
    +inputs.some((i) => /\\d|0-9/.test(i.pattern));
  score += Math.min(numeric, 2);
  if (inputs.length > 1) score += 2; // a row of single-character boxes is itself a strong hint
  else {
    const max = first.maxLength;
    if (max >= 6 && max <= 8) score += 1;
    else if (max > 0 && (max < 6 || max > 12)) score -= max < 6 ? 5 : 2;
  }
  // Context adds at most 3: skip reading it for the plain fields of ordinary forms.
  if (score + 3 < THRESHOLD) return null;
  const ctx = contextText(container);
  if (STRONG.test(ctx)) score += 2;
  if (APP.test(ctx)) score += 1;
  if (HOSTILE.test(ctx)) score -= 5;
  if (score < THRESHOLD) return null;

  const kind = SENT.test(own) || (!APP.test(own) && !APP.test(ctx) && SENT.test(ctx)) ? 'sms' : 'totp';
  return { inputs, kind };
}

const left = (i: HTMLInputElement) => i.getBoundingClientRect().left;

/** Every code field, SMS and email ones included (for an explicit user request). */
export function findCodeFieldsOnRequest(root: Document | ShadowRoot): OtpField[] {
  const inputs = allInputs(root).filter(usable);
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
