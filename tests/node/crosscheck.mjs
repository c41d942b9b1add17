#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Cross-checks PayDesk's APIv3 signing, verification and AEAD resources against
// an implementation PayDesk did not write: wechatpay-axios-plugin (its own Rsa,
// Formatter, Aes and Decorator functions, not re-implementations).
//
//   node crosscheck.mjs /path/to/crosscheck_tool
//
// (a) PayDesk signs requests, the plugin verifies them (and signs them identically);
//     the plugin signs requests, PayDesk verifies them as the sandbox would.
// (b) The plugin signs answers and encrypts resources, PayDesk accepts them;
//     PayDesk signs answers and encrypts resources, the plugin accepts them.
// (c) Every tampered variant is rejected by both.
// Prints one line per check (TAP-like); exits 1 if any check failed.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { Rsa, Formatter, Aes, Decorator } = require('wechatpay-axios-plugin');
const { BusinessError } = require('wechatpay-axios-plugin/lib/utils');
const pluginVersion = require('wechatpay-axios-plugin/package.json').version;
// The axios the plugin itself uses, for its getUri().
const axios = createRequire(require.resolve('wechatpay-axios-plugin'))('axios');

const toolPath = process.argv[2];
if (!toolPath) {
  console.error('usage: node crosscheck.mjs /path/to/crosscheck_tool');
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(condition, what, detail = '') {
  const n = passed + failed + 1;
  if (condition) {
    passed += 1;
    console.log(`ok ${n} - ${what}`);
  } else {
    failed += 1;
    console.log(`not ok ${n} - ${what}${detail ? ` # ${detail}` : ''}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'paydesk-crosscheck-'));
function tool(command, items) {
  const out = execFileSync(toolPath, [command, dir], {
    input: items === undefined ? '' : JSON.stringify(items),
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return JSON.parse(out);
}

const flipSignatureBit = (b64) => {
  const raw = Buffer.from(b64, 'base64');
  raw[raw.length >> 1] ^= 0x01;
  return raw.toString('base64');
};
const pemBody = (pem) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

function parseAuthorization(header) {
  const match = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header || '');
  if (!match) return null;
  const fields = {};
  for (const part of match[1].split(',')) {
    const kv = /^([a-z_]+)="([^"]*)"$/.exec(part);
    if (!kv) return null;
    fields[kv[1]] = kv[2];
  }
  return fields;
}

try {
  // ---- identities: PayDesk makes the keys and certificates -----------------
  const ids = tool('init');
  const { mchid, merchantSerial, platformSerial, publicKeyId, apiV3Key } = ids;
  const file = (name) => `file://${join(dir, name)}`;
  const merchantPrivate = Rsa.from(file('merchant_key.pem'), Rsa.KEY_TYPE_PRIVATE);
  const merchantFromCert = Rsa.from(file('merchant_cert.pem'), Rsa.KEY_TYPE_PUBLIC);
  const merchantFromSpki = Rsa.fromSpki(pemBody(readFileSync(join(dir, 'merchant_pub.pem'), 'utf8')));
  const merchantFromPkcs8 = Rsa.fromPkcs8(pemBody(readFileSync(join(dir, 'merchant_key.pem'), 'utf8')));
  const platformPrivate = Rsa.from(file('platform_key.pem'), Rsa.KEY_TYPE_PRIVATE);
  const platformPublic = Rsa.from(file('platform_cert.pem'), Rsa.KEY_TYPE_PUBLIC);
  const pubkeyPrivate = Rsa.from(file('pubkey_key.pem'), Rsa.KEY_TYPE_PRIVATE);
  const pubkeyPublic = Rsa.from(file('pubkey_pub.pem'), Rsa.KEY_TYPE_PUBLIC);
  check(/^[0-9A-F]+$/.test(merchantSerial), `merchant serial is upper-case hex (${merchantSerial})`);
  check(platformSerial.startsWith('0'), `platform serial keeps its leading zero (${platformSerial})`);

  const now = Formatter.timestamp();
  const order = {
    appid: 'wxd678efh567hg6787',
    mchid,
    description: '门店收银 - 拿铁 x2（大杯，少冰）🧋',
    out_trade_no: 'PD20240520132935A1B2C3',
    notify_url: 'https://pay.example.com/wechatpay/notify',
    amount: { total: 3600, currency: 'CNY' },
    scene_info: { payer_client_ip: '10.0.0.12', device_id: 'TILL-03' },
  };

  // ---- (a) PayDesk signs requests, the plugin verifies ---------------------
  const requests = [
    { name: 'GET query by out_trade_no', method: 'GET', url: `/v3/pay/transactions/out-trade-no/PD20240520A1?mchid=${mchid}`, body: '' },
    { name: 'GET path with %7C', method: 'GET', url: `/v3/pay/transactions/out-trade-no/PD%7C0520%7CA1?mchid=${mchid}`, body: '' },
    { name: 'GET trade bill', method: 'GET', url: '/v3/bill/tradebill?bill_date=2024-05-20&bill_type=ALL&tar_type=GZIP', body: '' },
    { name: 'POST Native order, Chinese body', method: 'POST', url: '/v3/pay/transactions/native', body: JSON.stringify(order) },
    { name: 'POST close', method: 'POST', url: '/v3/pay/transactions/out-trade-no/PD%7C0520%7CA1/close', body: JSON.stringify({ mchid }) },
    { name: 'POST refund, reason in Chinese', method: 'POST', url: '/v3/refund/domestic/refunds', body: JSON.stringify({ out_trade_no: 'PD20240520A1', out_refund_no: 'R1', reason: '顾客退货', amount: { refund: 1, total: 1, currency: 'CNY' } }) },
  ].map((r) => ({ ...r, timestamp: now, nonce: Formatter.nonce() }));
  const signedRequests = tool('sign-requests', requests.map(({ name, ...r }) => r));

  requests.forEach((r, i) => {
    const { message, authorization } = signedRequests[i];
    const pluginMessage = Formatter.request(r.method, r.url, r.timestamp, r.nonce, r.body);
    check(Buffer.from(pluginMessage).equals(Buffer.from(message)), `(a) ${r.name}: same message bytes as Formatter.request`);
    const fields = parseAuthorization(authorization);
    check(fields !== null, `(a) ${r.name}: Authorization is WECHATPAY2-SHA256-RSA2048 key="value",...`, authorization);
    if (!fields) return;
    check(fields.mchid === mchid && fields.serial_no === merchantSerial && fields.nonce_str === r.nonce
          && fields.timestamp === String(r.timestamp), `(a) ${r.name}: header fields`);
    const sig = fields.signature;
    check(Rsa.verify(pluginMessage, sig, merchantFromCert), `(a) ${r.name}: Rsa.verify with the merchant certificate`);
    check(Rsa.verify(pluginMessage, sig, merchantFromSpki), `(a) ${r.name}: Rsa.verify with the merchant public key (SPKI)`);
    check(Rsa.sign(pluginMessage, merchantPrivate) === sig, `(a) ${r.name}: Rsa.sign gives the same signature (PKCS#1 v1.5)`);
    check(Rsa.sign(pluginMessage, merchantFromPkcs8) === sig, `(a) ${r.name}: same with the key via Rsa.fromPkcs8`);

    // (c) tampered requests: the plugin refuses all of them.
    const tampered = [
      ['body changed', { body: `${r.body} ` }],
      ['method changed', { method: r.method === 'GET' ? 'POST' : 'PUT' }],
      ['timestamp +1', { timestamp: r.timestamp + 1 }],
      ['nonce changed', { nonce: `${r.nonce.slice(0, -1)}${r.nonce.endsWith('A') ? 'B' : 'A'}` }],
      r.url.includes('%7C') ? ['path decoded (| for %7C)', { url: r.url.replace(/%7C/g, '|') }]
        : ['query changed', { url: `${r.url}${r.url.includes('?') ? '&' : '?'}x=1` }],
    ];
    for (const [what, change] of tampered) {
      const t = { ...r, ...change };
      check(!Rsa.verify(Formatter.request(t.method, t.url, t.timestamp, t.nonce, t.body), sig, merchantFromCert),
        `(c) ${r.name}, ${what}: plugin rejects`);
    }
    check(!Rsa.verify(pluginMessage, flipSignatureBit(sig), merchantFromCert), `(c) ${r.name}, signature bit: plugin rejects`);
    check(!Rsa.verify(pluginMessage, sig, platformPublic), `(c) ${r.name}, other key: plugin rejects`);
  });

  // ---- (a') the plugin's own request signer, PayDesk verifies like the sandbox
  const signer = Decorator.requestInterceptor();
  const pluginRequests = [
    { name: 'plugin POST Native order', method: 'post', url: '/v3/pay/transactions/native', data: order },
    { name: 'plugin GET with params', method: 'get', url: '/v3/pay/transactions/out-trade-no/PD20240520A1', params: { mchid } },
    { name: 'plugin GET with | in path', method: 'get', url: '/v3/pay/transactions/out-trade-no/PD|0520|A1', params: { mchid } },
  ].map((r) => {
    const config = signer({
      ...r, baseURL: 'https://api.mch.weixin.qq.com/', headers: {}, mchid, serial: merchantSerial, privateKey: merchantPrivate,
    });
    const sent = new URL(axios.getUri(config), config.baseURL);
    return {
      name: r.name,
      method: r.method.toUpperCase(),
      url: `${sent.pathname}${sent.search}`,
      body: r.data === undefined ? '' : JSON.stringify(r.data),
      authorization: String(config.headers.get('Authorization')),
    };
  });
  const requestCases = [];
  for (const r of pluginRequests) {
    const fields = parseAuthorization(r.authorization);
    requestCases.push({ ...r, expect: true, what: 'genuine' });
    requestCases.push({ ...r, body: `${r.body} `, expect: false, what: 'body changed' });
    requestCases.push({ ...r, url: r.url.includes('|') ? r.url.replace(/\|/g, '%7C') : `${r.url}&x=1`, expect: false,
      what: r.url.includes('|') ? 'path re-encoded (%7C for |)' : 'query changed' });
    requestCases.push({ ...r, authorization: r.authorization.replace(`timestamp="${fields.timestamp}"`, `timestamp="${Number(fields.timestamp) + 1}"`), expect: false, what: 'timestamp in header changed' });
    requestCases.push({ ...r, authorization: r.authorization.replace(fields.signature, flipSignatureBit(fields.signature)), expect: false, what: 'signature bit' });
    requestCases.push({ ...r, authorization: r.authorization.replace(fields.signature, Rsa.sign(Formatter.request(r.method, r.url, fields.timestamp, fields.nonce_str, r.body), platformPrivate)), expect: false, what: 'signed by another key' });
    requestCases.push({ ...r, authorization: r.authorization.replace(merchantSerial, platformSerial), expect: false, what: 'serial_no of another certificate' });
  }
  const requestVerdicts = tool('verify-requests', requestCases.map(({ name, expect, what, ...c }) => c));
  requestCases.forEach((c, i) => {
    const v = requestVerdicts[i];
    check(v.ok === c.expect, `${c.expect ? '(a)' : '(c)'} ${c.name}, ${c.what}: PayDesk ${c.expect ? 'accepts' : 'rejects'}`,
      v.ok ? 'accepted' : `${v.code}: ${v.message}`);
  });

  // ---- (b) the plugin signs answers, PayDesk verifies ----------------------
  const modes = {
    certificate: { serial: platformSerial, key: platformPrivate, otherKey: pubkeyPrivate },
    publicKey: { serial: publicKeyId, key: pubkeyPrivate, otherKey: platformPrivate },
  };
  const answerBodies = [
    ['Native order answer', JSON.stringify({ code_url: 'weixin://wxpay/bizpayurl?pr=p4lpSuKzz' })],
    ['query answer, Chinese', JSON.stringify({ mchid, out_trade_no: 'PD20240520A1', trade_state: 'SUCCESS', trade_state_desc: '支付成功', amount: { total: 1, payer_total: 1, currency: 'CNY' } })],
    ['204 close, empty body', ''],
  ];
  const pluginSign = (body, { serial, key, timestamp = now, nonce = Formatter.nonce() }) => ({
    'Wechatpay-Timestamp': String(timestamp),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': Rsa.sign(Formatter.response(timestamp, nonce, body), key),
    'Wechatpay-Serial': serial,
    'Request-ID': '08F78BB5AF0610D2B01A5F7A2B2C3D4E',
  });
  // The plugin's own verifier, as its axios instance runs it on a 200 answer.
  const certs = { [platformSerial]: platformPublic, [publicKeyId]: pubkeyPublic };
  const pluginVerifier = Decorator.responseVerifier(certs);
  const pluginAccepts = (headers, body) => !(pluginVerifier.call(
    { url: '/v3/pay/transactions/native', validateStatus: (s) => s >= 200 && s < 300 }, body, headers, 200,
  ) instanceof BusinessError);

  const answerCases = [];
  for (const [mode, m] of Object.entries(modes)) {
    for (const [name, body] of answerBodies) {
      const genuine = pluginSign(body, m);
      const label = `${mode}: ${name}`;
      answerCases.push({ label, what: 'genuine', headers: genuine, body, expect: 'ok' });
      answerCases.push({ label, what: 'signed 290 s ago', headers: pluginSign(body, { ...m, timestamp: now - 290 }), body, expect: 'ok' });
      answerCases.push({ label, what: 'body changed', headers: genuine, body: `${body} `, expect: 'BadSignature' });
      answerCases.push({ label, what: 'nonce changed', headers: { ...genuine, 'Wechatpay-Nonce': `${genuine['Wechatpay-Nonce']}x` }, body, expect: 'BadSignature' });
      answerCases.push({ label, what: 'signature bit', headers: { ...genuine, 'Wechatpay-Signature': flipSignatureBit(genuine['Wechatpay-Signature']) }, body, expect: 'BadSignature' });
      answerCases.push({ label, what: "signed with the other mode's key", headers: pluginSign(body, { ...m, key: m.otherKey }), body, expect: 'BadSignature' });
      answerCases.push({ label, what: 'stale (signed 330 s ago)', headers: pluginSign(body, { ...m, timestamp: now - 330 }), body, expect: 'StaleTimestamp' });
      answerCases.push({ label, what: 'future (signed 330 s ahead)', headers: pluginSign(body, { ...m, timestamp: now + 330 }), body, expect: 'StaleTimestamp' });
      answerCases.push({ label, what: 'SIGNTEST probe', headers: { ...genuine, 'Wechatpay-Signature': `WECHATPAY/SIGNTEST/${genuine['Wechatpay-Signature']}` }, body, expect: 'SignTestProbe' });
      answerCases.push({ label, what: 'unknown serial', headers: { ...genuine, 'Wechatpay-Serial': mode === 'certificate' ? '5157F09EFDC096DE15EBE81A47057A7232D2AD56' : 'PUB_KEY_ID_0119000001092024052000000000000099' }, body, expect: 'UnknownSerial' });
      const { 'Wechatpay-Signature': dropped, ...unsigned } = genuine;
      answerCases.push({ label, what: 'no Wechatpay-Signature', headers: unsigned, body, expect: 'MissingHeader' });
      if (mode === 'certificate') {
        // Java's spelling of the same serial: PayDesk normalises, the plugin looks up verbatim.
        answerCases.push({ label, what: 'serial lower-case, leading zero stripped', headers: { ...genuine, 'Wechatpay-Serial': platformSerial.replace(/^0+/, '').toLowerCase() }, body, expect: 'ok', pluginSkip: true });
      }
    }
  }
  const answerVerdicts = tool('verify-responses', answerCases.map(({ headers, body }) => ({ headers, body })));
  answerCases.forEach((c, i) => {
    const v = answerVerdicts[i];
    const got = v.ok ? 'ok' : v.kind;
    const tag = c.expect === 'ok' ? '(b)' : '(c)';
    check(got === c.expect, `${tag} ${c.label}, ${c.what}: PayDesk says ${c.expect}`, `got ${got} ${v.message || ''}`);
    if (!c.pluginSkip) {
      check(pluginAccepts(c.headers, c.body) === (c.expect === 'ok'),
        `${tag} ${c.label}, ${c.what}: plugin ${c.expect === 'ok' ? 'accepts' : 'rejects'} too`);
    }
  });

  // ---- (b') PayDesk signs answers (the sandbox's ResponseSigner), the plugin verifies
  const paydeskAnswers = [];
  for (const mode of Object.keys(modes)) {
    for (const [name, body] of answerBodies) {
      paydeskAnswers.push({ label: `${mode}: ${name}`, mode, body, timestamp: now, nonce: Formatter.nonce() });
    }
  }
  const paydeskSigned = tool('sign-responses', paydeskAnswers.map(({ label, ...a }) => a));
  paydeskAnswers.forEach((a, i) => {
    const { headers } = paydeskSigned[i];
    check(headers['Wechatpay-Serial'] === modes[a.mode].serial, `(b) PayDesk-signed ${a.label}: serial`);
    check(pluginAccepts(headers, a.body), `(b) PayDesk-signed ${a.label}: plugin's responseVerifier accepts`);
    check(!pluginAccepts(headers, `${a.body}\n`), `(c) PayDesk-signed ${a.label}, body changed: plugin rejects`);
    check(!pluginAccepts({ ...headers, 'Wechatpay-Timestamp': String(now + 1) }, a.body),
      `(c) PayDesk-signed ${a.label}, timestamp changed: plugin rejects`);
  });

  // ---- AEAD_AES_256_GCM resources -----------------------------------------
  check(Aes.AesGcm.encrypt('message', apiV3Key, 'uluk4a9R25RW', 'associatedData') === 'ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=',
    'plugin reproduces the wechatpay-java AES-GCM known answer');

  const transaction = JSON.stringify({
    mchid, appid: order.appid, out_trade_no: order.out_trade_no, transaction_id: '4200001234202405201234567890',
    trade_type: 'NATIVE', trade_state: 'SUCCESS', trade_state_desc: '支付成功', bank_type: 'OTHERS',
    success_time: '2024-05-20T13:29:35+08:00', payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: 3600, payer_total: 3600, currency: 'CNY', payer_currency: 'CNY' },
  });
  const certificatePem = readFileSync(join(dir, 'platform_cert.pem'), 'utf8');
  const plaintexts = [
    ['transaction notification', transaction, 'transaction', 'transaction'],
    ['refund notification, empty AAD', JSON.stringify({ refund_status: 'SUCCESS', user_received_account: '招商银行信用卡0403' }), '', 'refund'],
    ['encrypt_certificate', certificatePem, 'certificate', 'certificate'],
  ];

  // The plugin encrypts, PayDesk decrypts (and rejects every tampering).
  const resourceCases = [];
  for (const [name, plaintext, aad, type] of plaintexts) {
    const nonce = Formatter.nonce(12);
    const ciphertext = Aes.AesGcm.encrypt(plaintext, apiV3Key, nonce, aad);
    const resource = { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce, original_type: type };
    const raw = Buffer.from(ciphertext, 'base64');
    const flipped = Buffer.from(raw);
    flipped[0] ^= 0x01;
    resourceCases.push({ name, what: 'genuine', resource, key: apiV3Key, plaintext });
    if (aad === '') {
      const { associated_data: absent, ...withoutAad } = resource;
      resourceCases.push({ name, what: 'associated_data absent', resource: withoutAad, key: apiV3Key, plaintext });
    }
    resourceCases.push({ name, what: 'wrong APIv3 key', resource, key: `${apiV3Key.slice(0, -1)}X`, code: 'decrypt_failed' });
    resourceCases.push({ name, what: 'wrong AAD', resource: { ...resource, associated_data: `${aad}x` }, key: apiV3Key, code: 'decrypt_failed' });
    resourceCases.push({ name, what: 'wrong nonce', resource: { ...resource, nonce: Formatter.nonce(12) }, key: apiV3Key, code: 'decrypt_failed' });
    resourceCases.push({ name, what: 'ciphertext bit', resource: { ...resource, ciphertext: flipped.toString('base64') }, key: apiV3Key, code: 'decrypt_failed' });
    resourceCases.push({ name, what: 'truncated', resource: { ...resource, ciphertext: raw.subarray(0, raw.length - 1).toString('base64') }, key: apiV3Key, code: 'decrypt_failed' });
    resourceCases.push({ name, what: 'malformed base64', resource: { ...resource, ciphertext: `%%${ciphertext}` }, key: apiV3Key, code: 'bad_resource' });
  }
  const resourceVerdicts = tool('decrypt', resourceCases.map(({ resource, key }) => ({ resource, key })));
  resourceCases.forEach((c, i) => {
    const v = resourceVerdicts[i];
    if (c.plaintext !== undefined) {
      check(v.ok && v.plaintext === c.plaintext, `(b) plugin-encrypted ${c.name}, ${c.what}: PayDesk decrypts`, v.message);
    } else {
      check(!v.ok && v.code === c.code && v.plaintext === undefined,
        `(c) plugin-encrypted ${c.name}, ${c.what}: PayDesk rejects (${c.code})`, v.ok ? 'gave plaintext' : v.code);
      let pluginResult;
      try {
        pluginResult = Aes.AesGcm.decrypt(c.resource.ciphertext, c.key, c.resource.nonce, c.resource.associated_data);
      } catch {
        pluginResult = undefined;
      }
      if (c.code === 'bad_resource') {
        // A known difference: Node's Buffer.from(s, 'base64') skips characters outside
        // the alphabet, so the plugin reads "%%" + ciphertext as the genuine bytes.
        // PayDesk refuses malformed base64 outright; neither yields altered plaintext.
        check(pluginResult === undefined || pluginResult === plaintexts.find(([n]) => n === c.name)[1],
          `(c) plugin-encrypted ${c.name}, ${c.what}: plugin skips the stray characters, never alters plaintext`);
      } else {
        check(pluginResult === undefined, `(c) plugin-encrypted ${c.name}, ${c.what}: plugin rejects too`);
      }
    }
  });

  // PayDesk encrypts, the plugin decrypts.
  const sealed = tool('encrypt', plaintexts.map(([, plaintext, aad, type]) => ({ plaintext, aad, type })));
  plaintexts.forEach(([name, plaintext, aad], i) => {
    const { resource } = sealed[i];
    check(resource.algorithm === 'AEAD_AES_256_GCM' && /^[0-9A-Za-z]{12}$/.test(resource.nonce)
          && resource.associated_data === aad, `(b) PayDesk-encrypted ${name}: resource shape`);
    let opened;
    try {
      opened = Aes.AesGcm.decrypt(resource.ciphertext, apiV3Key, resource.nonce, resource.associated_data);
    } catch (e) {
      opened = e;
    }
    check(opened === plaintext, `(b) PayDesk-encrypted ${name}: plugin decrypts`);
    const raw = Buffer.from(resource.ciphertext, 'base64');
    raw[raw.length - 1] ^= 0x80;
    let threw = false;
    try {
      Aes.AesGcm.decrypt(raw.toString('base64'), apiV3Key, resource.nonce, resource.associated_data);
    } catch {
      threw = true;
    }
    check(threw, `(c) PayDesk-encrypted ${name}, tag bit: plugin rejects`);
  });
} catch (error) {
  failed += 1;
  console.log(`not ok - crosscheck aborted: ${error.stack || error}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\n# crosscheck: ${passed} passed, ${failed} failed (wechatpay-axios-plugin ${pluginVersion}, node ${process.version})`);
process.exitCode = failed === 0 ? 0 : 1;
