/*
 * pow-worker.js: the proof-of-work solver of gt3-widget.js, run in a Web Worker so that the page
 * never freezes while it works.
 *
 * Contract (docs/design.md section 4, "Proof of work"): find the smallest decimal nonce n
 * (canonical: no sign, no leading zero, "0" allowed) such that SHA-256 of the bytes of the
 * challenge immediately followed by the bytes of n has at least `difficulty` leading zero bits,
 * most significant bit of the first byte first.
 *
 * Messages in:  {challenge: string, difficulty: integer 0..64, engine?: "subtle" | "js"}
 * Messages out: {type: "progress", hashes, elapsed_ms}              (about every 50 ms)
 *               {type: "done", nonce: "<decimal>", hashes, elapsed_ms, engine}
 *               {type: "error", message}
 *
 * It hashes with WebCrypto (crypto.subtle.digest), BATCH digests per await. WebCrypto exists only
 * in secure contexts (https, or http on localhost/127.0.0.1); on a plain-http LAN address the
 * worker falls back to the small SHA-256 written below, which gives the same answers.
 */
'use strict';

const BATCH = 64;
const PROGRESS_EVERY_MS = 50;
const encoder = new TextEncoder();

self.onmessage = async (event) => {
  const request = event.data || {};
  const challenge = request.challenge;
  const difficulty = request.difficulty;
  if (typeof challenge !== 'string' || challenge === '') {
    self.postMessage({type: 'error', message: 'no challenge to work on'});
    return;
  }
  if (!Number.isInteger(difficulty) || difficulty < 0 || difficulty > 64) {
    self.postMessage({type: 'error', message: 'difficulty must be an integer from 0 to 64, not ' +
      JSON.stringify(difficulty)});
    return;
  }
  const hasSubtle = !!(self.crypto && self.crypto.subtle);
  const engine = request.engine === 'js' || !hasSubtle ? 'js' : 'subtle';
  try {
    const started = performance.now();
    let lastReport = started - PROGRESS_EVERY_MS;  // the first batch reports at once
    const report = (hashes) => {
      const now = performance.now();
      if (now - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = now;
      self.postMessage({type: 'progress', hashes, elapsed_ms: Math.round(now - started)});
    };
    const solve = engine === 'subtle' ? solveWithSubtle : solveWithJs;
    const nonce = await solve(encoder.encode(challenge), difficulty, report);
    self.postMessage({
      type: 'done',
      nonce: String(nonce),
      hashes: nonce + 1,
      elapsed_ms: Math.round(performance.now() - started),
      engine,
    });
  } catch (error) {
    self.postMessage({type: 'error', message: String((error && error.message) || error)});
  }
};

// The challenge's bytes followed by the ASCII digits of nonce.
function message(prefix, nonce) {
  const digits = String(nonce);
  const bytes = new Uint8Array(prefix.length + digits.length);
  bytes.set(prefix);
  for (let i = 0; i < digits.length; i++) bytes[prefix.length + i] = digits.charCodeAt(i);
  return bytes;
}

function hasLeadingZeroBits(digest, bits) {
  const full = bits >> 3;
  for (let i = 0; i < full; i++) if (digest[i] !== 0) return false;
  const rest = bits & 7;
  return rest === 0 || digest[full] >> (8 - rest) === 0;
}

async function solveWithSubtle(prefix, difficulty, report) {
  for (let first = 0; ; first += BATCH) {
    const pending = [];
    for (let i = 0; i < BATCH; i++) {
      pending.push(self.crypto.subtle.digest('SHA-256', message(prefix, first + i)));
    }
    const digests = await Promise.all(pending);
    for (let i = 0; i < BATCH; i++) {
      if (hasLeadingZeroBits(new Uint8Array(digests[i]), difficulty)) return first + i;
    }
    report(first + BATCH);
  }
}

async function solveWithJs(prefix, difficulty, report) {
  for (let first = 0; ; first += BATCH * 16) {
    for (let i = 0; i < BATCH * 16; i++) {
      if (hasLeadingZeroBits(sha256(message(prefix, first + i)), difficulty)) return first + i;
    }
    report(first + BATCH * 16);
    await new Promise((resolve) => setTimeout(resolve, 0));  // let a "stop" arrive
  }
}

// SHA-256 (FIPS 180-4) for when WebCrypto is missing.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Uint32Array(64);

function sha256(bytes) {
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bytes.length / 0x20000000));
  view.setUint32(padded.length - 4, (bytes.length * 8) >>> 0);
  let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
  let h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t++) W[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 64; t++) {
      const a = W[t - 15], b = W[t - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4, h5, h6, h7].forEach((word, i) => outView.setUint32(i * 4, word >>> 0));
  return out;
}
