// Forwards each published message to a webhook, signed with HMAC-SHA256 under a key kept in
// the keyset's secrets (never in the code), so that the receiver can check where it came
// from: it computes the same HMAC of the body and compares it with X-Signature.
const xhr = require("xhr");
const vault = require("vault");
const crypto = require("crypto");
const base64 = require("codec/base64");

export default async (request) => {
  const key = await vault.get("webhookSigningKey");
  if (!key) {
    console.error("the secret webhookSigningKey is not set on this keyset");
    return request.abort("no signing key");
  }
  const body = JSON.stringify({ channel: request.channels[0], message: request.message });
  const signature = await crypto.hmac(base64.btoa(key), body, crypto.ALGORITHM.HMAC_SHA256);
  const response = await xhr.fetch("{{webhookUrl}}", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Signature": "sha256=" + signature },
    body: body,
  });
  if (response.status >= 300) {
    console.error("the webhook answered " + response.status);
    return request.abort("webhook answered " + response.status);
  }
  return request.ok();
};
