#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// wechatpay-axios-plugin as the merchant client against a real paydesk-sandbox process.
//
//   node sandbox.mjs /path/to/paydesk-sandbox
//
// Creates a temporary training merchant (`paydesk-sandbox init`), starts
// `paydesk-sandbox serve --immediate-bills` on a free port, and drives the /v3 API
// through the plugin with its response verification on (every 2xx answer's
// Wechatpay-Signature is checked against the platform certificate):
// Native order, query, customer pays, query SUCCESS, refund, refund query, close,
// combined order/query/close, certificates (decrypted with the plugin's AesGcm),
// trade bill + download (SHA1) + the plugin's Formatter.castCsvBill, and tampered
// requests that must get 401 SIGN_ERROR. The sandbox is always killed at the end.
// Prints one line per check and "N passed, M failed"; exits 1 on any failure.

import { spawn, execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const {
  Wechatpay, Rsa, Formatter, Aes,
} = require('wechatpay-axios-plugin');

const sandboxPath = process.argv[2];
if (!sandboxPath) {
  console.error('usage: node sandbox.mjs /path/to/paydesk-sandbox');
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
  return condition;
}
const show = (v) => { try { return JSON.stringify(v).slice(0, 400); } catch { return String(v); } };
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Runs a plugin call; returns {status, data, headers} or {error} (with the answer, if any).
async function call(what, fn) {
  try {
    const res = await fn();
    return { status: res.status, data: res.data, headers: res.headers };
  } catch (e) {
    const res = e.response;
    return {
      error: e, code: e.code, message: e.message, status: res && res.status, data: res && res.data,
    };
  }
}
const errText = (r) => (r.error ? `${r.code || ''} ${r.message} ${show(r.data)}` : `status ${r.status} ${show(r.data)}`);

const dir = mkdtempSync(join(tmpdir(), 'paydesk-node-sandbox-'));
let child = null;
let childLog = '';
function killSandbox() {
  if (child && child.exitCode === null && child.signalCode === null) {
    try { child.kill('SIGTERM'); } catch { /* already gone */ }
  }
}
process.on('exit', () => {
  killSandbox();
  try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { killSandbox(); process.exit(1); });
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  execFileSync(sandboxPath, ['init', '--dir', dir, '--port', String(port)], { stdio: ['ignore', 'inherit', 'inherit'] });

  child = spawn(sandboxPath, ['serve', '--data-dir', join(dir, 'sandbox'), '--port', String(port), '--immediate-bills', '-q'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { childLog += d; });
  child.stderr.on('data', (d) => { childLog += d; });

  let health = null;
  for (let i = 0; i < 150 && child.exitCode === null; i += 1) {
    try {
      const r = await fetch(`${base}/sandbox/health`);
      if (r.ok) { health = await r.json(); break; }
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  if (!check(health && health.ok === true, `sandbox answers GET /sandbox/health on port ${port}`, childLog.slice(-800))) {
    return;
  }

  const control = async (method, path, body) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, data: json, text };
  };

  const profile = JSON.parse(readFileSync(join(dir, 'paydesk.json'), 'utf8')).profiles.training;
  const { mchid, appid } = profile;
  const notifyUrl = profile.notify_url;
  const subMchids = profile.sub_merchants.map((s) => s.mchid);
  check(profile.base_url === base, 'paydesk.json base_url is the sandbox', profile.base_url);
  check(subMchids.includes('1900000110') && subMchids.includes('1900000111'), 'paydesk.json lists sub-merchants 1900000110/1900000111', show(subMchids));

  const privateKey = readFileSync(join(dir, profile.merchant_key_file));
  const merchantCert = new X509Certificate(readFileSync(join(dir, profile.merchant_cert_file)));
  const serial = merchantCert.serialNumber;
  const apiv3Key = readFileSync(join(dir, profile.apiv3_key_file), 'utf8').trim();

  // Platform certificates: bootstrap from the control API (what a merchant would download out of band).
  const platform = await control('GET', '/sandbox/platform');
  const platformCerts = (platform.data && platform.data.certificates) || [];
  check(platform.status === 200 && platformCerts.length > 0, 'GET /sandbox/platform lists platform certificates', platform.text.slice(0, 200));
  const certs = Object.fromEntries(platformCerts.map((c) => [new X509Certificate(c.pem).serialNumber, c.pem]));

  const wxpay = new Wechatpay({
    mchid, serial, privateKey, certs, baseURL: base,
  });

  // --- Certificates via the plugin, decrypted with the APIv3 key ---
  {
    const r = await call('certificates', () => wxpay.v3.certificates.get());
    const list = (r.data && r.data.data) || [];
    if (check(r.status === 200 && list.length > 0, 'GET /v3/certificates (plugin-verified)', errText(r))) {
      let allOk = true;
      let detail = '';
      for (const item of list) {
        const ec = item.encrypt_certificate;
        try {
          const pem = Aes.AesGcm.decrypt(ec.ciphertext, apiv3Key, ec.nonce, ec.associated_data);
          const x = new X509Certificate(pem);
          if (x.serialNumber !== String(item.serial_no).toUpperCase() || !certs[x.serialNumber]) {
            allOk = false; detail = `serial ${item.serial_no} vs ${x.serialNumber}`;
          }
        } catch (e) { allOk = false; detail = e.message; }
      }
      check(allOk, 'every encrypt_certificate decrypts (Aes.AesGcm) to a known platform certificate', detail);
    }
  }

  // --- Native order, query, pay, query ---
  const stamp = `${Date.now()}`;
  const outTradeNo = `NODE${stamp}A`;
  {
    const r = await call('native', () => wxpay.v3.pay.transactions.native.post({
      appid, mchid, description: 'Node sandbox test', out_trade_no: outTradeNo, notify_url: notifyUrl,
      amount: { total: 1234, currency: 'CNY' },
    }));
    check(r.status === 200 && /^weixin:\/\/wxpay\/bizpayurl\?pr=/.test(r.data && r.data.code_url), 'POST /v3/pay/transactions/native returns code_url', errText(r));
  }
  const queryOrder = (no) => call('query', () => wxpay.v3.pay.transactions.outTradeNo.$out_trade_no$.get({ params: { mchid }, out_trade_no: no }));
  {
    const r = await queryOrder(outTradeNo);
    check(r.status === 200 && r.data.trade_state === 'NOTPAY' && r.data.out_trade_no === outTradeNo && !r.data.transaction_id,
      'query by out_trade_no: NOTPAY, no transaction_id', errText(r));
  }
  {
    const r = await control('POST', '/sandbox/customer/pay', { out_trade_no: outTradeNo, mchid });
    check(r.status === 200, 'POST /sandbox/customer/pay', `${r.status} ${r.text.slice(0, 300)}`);
  }
  let transactionId = '';
  {
    const r = await queryOrder(outTradeNo);
    transactionId = (r.data && r.data.transaction_id) || '';
    check(r.status === 200 && r.data.trade_state === 'SUCCESS' && /^\d{28}$/.test(transactionId)
      && r.data.amount && r.data.amount.total === 1234 && r.data.amount.payer_total === 1234,
    'query after payment: SUCCESS, 28-digit transaction_id, amounts', errText(r));
  }
  if (transactionId) {
    const r = await call('by id', () => wxpay.v3.pay.transactions.id.$transaction_id$.get({ params: { mchid }, transaction_id: transactionId }));
    check(r.status === 200 && r.data.out_trade_no === outTradeNo && r.data.trade_state === 'SUCCESS', 'query by transaction_id', errText(r));
  }

  // --- Refund ---
  const outRefundNo = `NODER${stamp}`;
  {
    const r = await call('refund', () => wxpay.v3.refund.domestic.refunds.post({
      out_trade_no: outTradeNo, out_refund_no: outRefundNo, reason: 'node test',
      amount: { refund: 234, total: 1234, currency: 'CNY' },
    }));
    check(r.status === 200 && r.data.out_refund_no === outRefundNo && ['PROCESSING', 'SUCCESS'].includes(r.data.status)
      && /^\d{29}$/.test(r.data.refund_id || '') && r.data.amount && r.data.amount.refund === 234,
    'POST /v3/refund/domestic/refunds accepted', errText(r));
  }
  {
    const r = await call('refund query', () => wxpay.v3.refund.domestic.refunds.$out_refund_no$.get({ out_refund_no: outRefundNo }));
    check(r.status === 200 && r.data.out_refund_no === outRefundNo && r.data.out_trade_no === outTradeNo && ['PROCESSING', 'SUCCESS'].includes(r.data.status),
      'GET /v3/refund/domestic/refunds/{out_refund_no}', errText(r));
  }
  {
    let last = null;
    for (let i = 0; i < 40; i += 1) {
      last = await call('refund query', () => wxpay.v3.refund.domestic.refunds.$out_refund_no$.get({ out_refund_no: outRefundNo }));
      if (last.data && last.data.status === 'SUCCESS') break;
      await sleep(250);
    }
    check(last.status === 200 && last.data.status === 'SUCCESS' && !!last.data.success_time, 'refund reaches SUCCESS', errText(last));
  }

  // --- Close an unpaid order ---
  const outTradeNo2 = `NODE${stamp}B`;
  {
    const r = await call('native', () => wxpay.v3.pay.transactions.native.post({
      appid, mchid, description: 'Node sandbox test (closed)', out_trade_no: outTradeNo2, notify_url: notifyUrl,
      amount: { total: 500, currency: 'CNY' },
    }));
    check(r.status === 200 && !!r.data.code_url, 'second Native order', errText(r));
    const c = await call('close', () => wxpay.v3.pay.transactions.outTradeNo.$out_trade_no$.close.post({ mchid }, { out_trade_no: outTradeNo2 }));
    check(c.status === 204, 'POST .../close answers 204', errText(c));
    const q = await queryOrder(outTradeNo2);
    check(q.status === 200 && q.data.trade_state === 'CLOSED', 'closed order queries CLOSED', errText(q));
  }

  // --- Combined order ---
  const combineNo = `NODEC${stamp}`;
  const subOrders = [
    { mchid: '1900000110', out_trade_no: `NODEC${stamp}S1`, amount: 300, description: 'Café' },
    { mchid: '1900000111', out_trade_no: `NODEC${stamp}S2`, amount: 450, description: 'Bakery' },
  ];
  {
    const r = await call('combine', () => wxpay.v3.combineTransactions.native.post({
      combine_appid: appid, combine_mchid: mchid, combine_out_trade_no: combineNo, notify_url: notifyUrl,
      sub_orders: subOrders.map((s) => ({
        mchid: s.mchid, attach: 'node', out_trade_no: s.out_trade_no, description: s.description,
        amount: { total_amount: s.amount, currency: 'CNY' },
      })),
    }));
    check(r.status === 200 && /^weixin:\/\//.test(r.data && r.data.code_url), 'POST /v3/combine-transactions/native returns code_url', errText(r));
  }
  const combineQuery = () => call('combine query', () => wxpay.v3.combineTransactions.outTradeNo.$combine_out_trade_no$.get({ combine_out_trade_no: combineNo }));
  {
    const r = await combineQuery();
    const subs = (r.data && r.data.sub_orders) || [];
    check(r.status === 200 && r.data.combine_out_trade_no === combineNo && subs.length === 2
      && subs.every((s) => s.trade_state === 'NOTPAY')
      && subOrders.every((o) => subs.some((s) => s.mchid === o.mchid && s.out_trade_no === o.out_trade_no)),
    'GET /v3/combine-transactions/out-trade-no/{no}: two NOTPAY sub-orders', errText(r));
  }
  {
    const c = await call('combine close', () => wxpay.v3.combineTransactions.outTradeNo.$combine_out_trade_no$.close.post({
      combine_appid: appid, sub_orders: subOrders.map((s) => ({ mchid: s.mchid, out_trade_no: s.out_trade_no })),
    }, { combine_out_trade_no: combineNo }));
    check(c.status === 204, 'POST /v3/combine-transactions/.../close answers 204', errText(c));
    const r = await combineQuery();
    const subs = (r.data && r.data.sub_orders) || [];
    check(r.status === 200 && subs.length === 2 && subs.every((s) => s.trade_state === 'CLOSED'), 'combined sub-orders are CLOSED', errText(r));
  }

  // --- Trade bill for today (China time, like the sandbox's clock) ---
  {
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const r = await call('tradebill', () => wxpay.v3.bill.tradebill.get({ params: { bill_date: today, bill_type: 'ALL' } }));
    const ok = check(r.status === 200 && r.data.hash_type === 'SHA1' && /^[0-9a-f]{40}$/i.test(r.data.hash_value || '') && !!r.data.download_url,
      `GET /v3/bill/tradebill?bill_date=${today}&bill_type=ALL`, errText(r));
    if (ok) {
      const url = new URL(r.data.download_url);
      check(url.origin === base && url.pathname === '/v3/billdownload/file', 'download_url points at the sandbox', r.data.download_url);
      const d = await call('download', () => wxpay.v3.billdownload.file.get({
        params: Object.fromEntries(url.searchParams), responseType: 'arraybuffer',
      }));
      const buf = d.data ? Buffer.from(d.data) : Buffer.alloc(0);
      check(d.status === 200 && buf.length > 0, 'bill file downloaded through the plugin (signed request)', errText(d));
      const sha1 = createHash('sha1').update(buf).digest('hex');
      check(sha1 === r.data.hash_value.toLowerCase(), 'bill file SHA1 matches hash_value', `${sha1} vs ${r.data.hash_value}`);

      let bill = null;
      try { bill = Formatter.castCsvBill(buf); } catch (e) { check(false, 'Formatter.castCsvBill parses the bill', e.message); }
      if (bill) {
        const { rows, summary } = bill;
        const mine = rows.filter((row) => row['商户订单号'] === outTradeNo);
        const payRow = mine.find((row) => row['交易状态'] === 'SUCCESS');
        const refundRow = mine.find((row) => row['交易状态'] === 'REFUND');
        check(rows.length === 2, 'castCsvBill: 2 rows (the payment and its refund; closed orders are not billed)', `${rows.length} rows ${show(rows)}`);
        check(!!payRow && payRow['微信订单号'] === transactionId && payRow['应结订单金额'] === '12.34',
          'payment row: transaction id and 12.34 yuan', show(payRow));
        check(!!refundRow && refundRow['商户退款单号'] === outRefundNo && refundRow['退款金额'] === '2.34',
          'refund row: out_refund_no and 2.34 yuan', show(refundRow));
        check(summary['总交易单数'] === String(rows.length), 'summary 总交易单数 equals the row count', show(summary));
        check(summary['应结订单总金额'] === '12.34' && summary['退款总金额'] === '2.34',
          'summary totals: 12.34 settled, 2.34 refunded', show(summary));
      }
    }
  }

  // --- Tampered requests: 401 SIGN_ERROR ---
  {
    const path = `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${mchid}`;
    const nonce = Formatter.nonce();
    const ts = Formatter.timestamp();
    const good = Rsa.sign(Formatter.request('GET', path, ts, nonce, ''), privateKey);
    const raw = Buffer.from(good, 'base64');
    raw[raw.length >> 1] ^= 0x01;
    const bad = raw.toString('base64');
    const send = (sig) => fetch(`${base}${path}`, {
      headers: {
        Accept: 'application/json', 'User-Agent': 'paydesk-node-sandbox',
        Authorization: Formatter.authorization(mchid, nonce, sig, ts, serial),
      },
    });
    const ok = await send(good);
    check(ok.status === 200, 'control: the untampered signature (plain fetch) is accepted', `${ok.status}`);
    const r = await send(bad);
    const body = await r.json().catch(() => null);
    check(r.status === 401 && body && body.code === 'SIGN_ERROR', 'altered Authorization signature: 401 SIGN_ERROR', `${r.status} ${show(body)}`);

    // The plugin signing with a key that is not the merchant's.
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const impostor = new Wechatpay({
      mchid, serial, privateKey: otherKey.export({ type: 'pkcs8', format: 'pem' }), certs, baseURL: base,
    });
    const i = await call('impostor', () => impostor.v3.pay.transactions.outTradeNo.$out_trade_no$.get({ params: { mchid }, out_trade_no: outTradeNo }));
    check(i.status === 401 && i.data && i.data.code === 'SIGN_ERROR', 'plugin signing with a foreign key: 401 SIGN_ERROR', errText(i));
  }

  // --- Response verification is really on: a wrong platform certificate makes the plugin reject answers ---
  {
    const { publicKey: otherPub } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const wrongCerts = Object.fromEntries(Object.keys(certs).map((s) => [s, otherPub.export({ type: 'spki', format: 'pem' })]));
    const skeptic = new Wechatpay({
      mchid, serial, privateKey, certs: wrongCerts, baseURL: base,
    });
    const r = await call('skeptic', () => skeptic.v3.pay.transactions.outTradeNo.$out_trade_no$.get({ params: { mchid }, out_trade_no: outTradeNo }));
    check(!!r.error && r.code === 'EV3_RES_HEADER_SIGNATURE_DIGEST', 'plugin rejects an answer verified with the wrong platform key', errText(r));
  }
}

try {
  await main();
} catch (e) {
  check(false, 'unexpected exception', e && e.stack ? e.stack : String(e));
} finally {
  killSandbox();
  if (child && child.exitCode === null) {
    await Promise.race([new Promise((r) => { child.once('exit', r); }), sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
if (failed > 0 && childLog) {
  console.log(`# sandbox log (tail):\n${childLog.slice(-2000).replace(/^/gm, '# ')}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
