//! PubNub's Functions runtime as `runtime/prelude.js` mocks it, module by module, on both of
//! the test console's runners: QuickJS (the server's "Run on server") and V8 (the browser's
//! "Run in browser"), the latter without a browser, in Node's `vm` (`runtime/v8-runner.mjs`),
//! which is the same engine as the console's Chromium Worker.
//!
//! One table of cases. Each case is a handler that prints what a module answers; the test runs
//! every case on both engines, checks each engine's console lines (and error, if any) against
//! the expected ones, and checks that the two result documents are identical. Where PubNub's
//! reference shows an output, the expected line is that output, as the reference prints it;
//! digests are checked against the standard's test vectors or Node's own crypto.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use faas_server::function_test::{compose_script, engine};
use serde_json::{json, Value};

struct Case {
    name: &'static str,
    /// The trigger type (`BEFORE_PUBLISH` when the case does not care).
    trigger: &'static str,
    /// The event (`request`) of the input document.
    event: Value,
    code: &'static str,
    /// The console lines the run must print, in order.
    console: &'static [&'static str],
    /// The run's error, if it must end in one.
    error: Option<RunError>,
}

/// An error the run must end in: its message and where in the user's code it points. The
/// line is the same on both engines; the column may not be: for an error thrown inside a call,
/// V8 points at the called function's name and QuickJS at the call's last argument.
struct RunError {
    message: &'static str,
    line: u64,
    v8_column: u64,
    quickjs_column: u64,
}

fn case(name: &'static str, code: &'static str, console: &'static [&'static str]) -> Case {
    Case {
        name,
        trigger: "BEFORE_PUBLISH",
        event: json!({"message": {"text": "hi"}, "channels": ["chat.1"]}),
        code,
        console,
        error: None,
    }
}

fn cases() -> Vec<Case> {
    vec![
        // ---- crypto ------------------------------------------------------------------------
        case(
            "crypto.ALGORITHM lists PubNub's algorithms",
            "const crypto = require('crypto');\nexport default (r) => { console.log(Object.keys(crypto.ALGORITHM).join(', ')); return r.ok(); };",
            &["ED25519, ECDSA_P256_SHA1, ECDSA_P256_SHA256, ECDSA_P256_SHA512, HMAC_SHA1, HMAC_SHA256, HMAC_SHA512"],
        ),
        case(
            "crypto.sha1, sha256, sha512 answer Base64 digests",
            r#"const crypto = require('crypto');
export default async (r) => {
  console.log(await crypto.sha1('abc'));
  console.log(await crypto.sha256('abc'));
  console.log(await crypto.sha512('abc'));
  console.log(await crypto.sha1('secretPayload'));
  console.log(await crypto.sha256('secretPayload'));
  console.log(await crypto.sha512('secretPayload'));
  console.log(await crypto.sha1('a'.repeat(1000)), await crypto.sha512('a'.repeat(200)), await crypto.sha256(''));
  console.log(await crypto.sha256('h\u00e9 \u{1f600}'));
  return r.ok();
};"#,
            &[
                // FIPS 180 examples ("abc"), then the values of Node's crypto for the rest.
                "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=",
                "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
                "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
                "lxKt5ORJB+K62tNQucOyIwgVDfA=",
                "sx4yvIv4TM+p33je5wnxV8qnzekQvvvHaPZzGukC2RI=",
                "E9+4tYwT1BB75vTUL3nvLRhWB2BJ6HRUm4NYqjJ1A4noGOwluCCqNuHAYHiu9eL8StfiBgLIN15qzr7fodBKlA==",
                "KR6abGaZSUm1e6XmUDYemPw2sbo= SxFFnDP1KiLugjZ4JxTBUKOyxgmU6azuF/5olHo+Z4nzHnZoOUWS2nvvgnzdyojE5vhuTfftGubLpx8+mPrunw== 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                "KTMd4Ihaw+oQFa0dWqY36c838fDbREtljSBIGwVCJb4=",
            ],
        ),
        case(
            "crypto.hmac in each algorithm, with PubNub's example key",
            r#"const crypto = require('crypto');
const base64 = require('codec/base64');
export default async (r) => {
  const key = base64.btoa('sharedSecretKey');
  console.log(await crypto.hmac(key, 'secretPayload', crypto.ALGORITHM.HMAC_SHA1));
  console.log(await crypto.hmac(key, 'secretPayload', crypto.ALGORITHM.HMAC_SHA256));
  console.log(await crypto.hmac(key, 'secretPayload', crypto.ALGORITHM.HMAC_SHA512));
  console.log(await crypto.hmac(base64.btoa('Jefe'), 'what do ya want for nothing?', crypto.ALGORITHM.HMAC_SHA256));
  console.log(await crypto.hmac(base64.btoa('k'.repeat(200)), 'long key', crypto.ALGORITHM.HMAC_SHA512));
  try { await crypto.hmac(key, 'x', crypto.ALGORITHM.ED25519); } catch (e) { console.log(e.message); }
  return r.ok();
};"#,
            &[
                "AaHKCrLzoG2UGHCqYAASf71wLoo=",
                "K0M0ycke1fQ4WpHQf+wyIoO5XeByC361uEY7ZLtEeyU=",
                "xVgcsRPIqJzV/AJzGbbw8tMQkF6LuN7D90udJ2n8sopFJg2D2IJjpbVwVLRSw1vqrf39uB7P4HwS3LH2YXq8uQ==",
                // RFC 4231, test case 2.
                "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
                "tTJ/Qy4mG87sNqbsb1TnIpv0dE/8nEgDA93SfooivRm4f56KidGF3kmV35xzWYKiIdh0xnmrBVhKb+KhZYMPiQ==",
                "crypto.hmac: the algorithm must be one of crypto.ALGORITHM.HMAC_SHA1, HMAC_SHA256, HMAC_SHA512 (got ED25519)",
            ],
        ),
        Case {
            error: Some(RunError {
                message: "crypto.sign is not available in the test console: ED25519 and ECDSA signatures need private-key handling that the test console does not implement (its crypto has sha1, sha256, sha512 and hmac)",
                line: 3,
                v8_column: 16,
                quickjs_column: 32,
            }),
            ..case(
                "crypto.sign and crypto.verify are refused with the reason",
                "const crypto = require('crypto');\nexport default async (r) => {\n  await crypto.sign({}, 'msg', crypto.ALGORITHM.ED25519);\n};",
                &[],
            )
        },
        // ---- jwt ---------------------------------------------------------------------------
        case(
            "jwt.sign, then jwt.decode as PubNub's reference prints it",
            r#"const jwt = require('jwt');
export default (r) => {
  const token = jwt.sign({ userId: '123456', username: 'johndoe', iat: 1616239022 }, 'your-256-bit-secret', { expiresIn: '1h' });
  console.log(token);
  console.log(jwt.decode(token));
  const c = jwt.decode(token, { complete: true });
  console.log(c.header, c.payload);
  const doc = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiIxMjM0NTYiLCJ1c2VybmFtZSI6ImpvaG5kb2UiLCJpYXQiOjE2MTYyMzkwMjIsImV4cCI6MTYxNjI0MjYyMn0.h04J3jUOeGXRHgZzg28pzF5omFxCeK2FlhEXbPZnQ';
  console.log(jwt.decode(doc, { complete: true }));
  console.log(jwt.decode('not a token'));
  return r.ok();
};"#,
            &[
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiIxMjM0NTYiLCJ1c2VybmFtZSI6ImpvaG5kb2UiLCJpYXQiOjE2MTYyMzkwMjIsImV4cCI6MTYxNjI0MjYyMn0.rRC_4icWfeZWfsBtiv6x-rQBT1WSeCaHyp1I2m4Yxvo",
                r#"{"userId":"123456","username":"johndoe","iat":1616239022,"exp":1616242622}"#,
                r#"{"alg":"HS256","typ":"JWT"} {"userId":"123456","username":"johndoe","iat":1616239022,"exp":1616242622}"#,
                r#"{"header":{"alg":"HS256","typ":"JWT"},"payload":{"userId":"123456","username":"johndoe","iat":1616239022,"exp":1616242622},"signature":"h04J3jUOeGXRHgZzg28pzF5omFxCeK2FlhEXbPZnQ"}"#,
                "null",
            ],
        ),
        case(
            "jwt.sign in HS384 and HS512, with claims from the options",
            r#"const { sign, decode } = require('jwt');
export default (r) => {
  console.log(sign({ a: 1, iat: 1 }, 'k', { algorithm: 'HS384' }));
  console.log(sign({ a: 1, iat: 1 }, 'k', { algorithm: 'HS512' }));
  const t = sign({ a: 1, iat: 100 }, 'k', { notBefore: 60, expiresIn: '2 days', audience: 'app', issuer: 'fn', subject: 'u1', jwtid: 'j', keyid: 'key-1' });
  console.log(decode(t, { complete: true }).header, decode(t));
  console.log(decode(sign({ b: 2 }, 'k', { noTimestamp: true })));
  try { sign({ a: 1 }, 'k', { expiresIn: 'soon' }); } catch (e) { console.log(e.message); }
  try { sign({ a: 1 }, 'k', { algorithm: 'RS256' }); } catch (e) { console.log(e.message); }
  return r.ok();
};"#,
            &[
                "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJhIjoxLCJpYXQiOjF9.J27px4qryAYafTPylQHL1zTbfVjB0sPcznUXTJlp04yLHgMvdR5_RTpsQbOI2ITE",
                "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJhIjoxLCJpYXQiOjF9.cHe4vGKsEMr2nnjMtHpxiPNlyrH4KytUU-P7XFXfE47gbdV-hqnYXfBpi74MPbRWFAAY_zac6xsj6mPMNnWN_Q",
                r#"{"alg":"HS256","typ":"JWT","kid":"key-1"} {"a":1,"iat":100,"nbf":160,"exp":172900,"aud":"app","iss":"fn","sub":"u1","jti":"j"}"#,
                r#"{"b":2}"#,
                "\"expiresIn\" should be a number of seconds or string representing a timespan",
                "jwt algorithm RS256 is not available in the test console: it needs a private or public key, and the test console signs and verifies with a shared secret only (HS256, HS384, HS512)",
            ],
        ),
        case(
            "jwt.verify: the claims, or jsonwebtoken's errors by name",
            r#"const jwt = require('jwt');
export default (r) => {
  const t = jwt.sign({ userId: 'u', iat: 1000 }, 's3cret', { expiresIn: 60, audience: 'app' });
  console.log(jwt.verify(t, 's3cret', { clockTimestamp: 1030 }));
  console.log(jwt.verify(t, 's3cret', { clockTimestamp: 1030, complete: true }).header.alg);
  const tries = [
    () => jwt.verify(t, 's3cret'),
    () => jwt.verify(t, 'wrong', { clockTimestamp: 1030 }),
    () => jwt.verify(t, 's3cret', { clockTimestamp: 1030, audience: 'other' }),
    () => jwt.verify(t, 's3cret', { clockTimestamp: 1030, algorithms: ['HS512'] }),
    () => jwt.verify(jwt.sign({ iat: 1000 }, 's3cret', { notBefore: '1m' }), 's3cret', { clockTimestamp: 1030 }),
    () => jwt.verify('a.b', 's3cret'),
    () => jwt.verify('', 's3cret'),
  ];
  for (const f of tries) {
    try { f(); console.log('verified'); } catch (e) { console.log(e.name + ': ' + e.message, e instanceof jwt.JsonWebTokenError); }
  }
  console.log(jwt.verify(t, 's3cret', { ignoreExpiration: true }).userId);
  jwt.verify(t, 's3cret', { clockTimestamp: 1030 }, (err, claims) => console.log('callback', err, claims.aud));
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() => r.ok());
};"#,
            &[
                r#"{"userId":"u","iat":1000,"exp":1060,"aud":"app"}"#,
                "HS256",
                "TokenExpiredError: jwt expired true",
                "JsonWebTokenError: invalid signature true",
                "JsonWebTokenError: jwt audience invalid. expected: other true",
                "JsonWebTokenError: invalid algorithm true",
                "NotBeforeError: jwt not active true",
                "JsonWebTokenError: jwt malformed true",
                "JsonWebTokenError: jwt must be provided true",
                "u",
                "callback null app",
            ],
        ),
        // ---- codec -------------------------------------------------------------------------
        case(
            "codec/auth, codec/base64 and codec/query_string print what PubNub's reference prints",
            r#"const basicAuth = require('codec/auth');
const base64Codec = require('codec/base64');
const queryStringCodec = require('codec/query_string');
export default (r) => {
  console.log(basicAuth.basic('many', 'blocks'));
  console.log(base64Codec.btoa('hello'));
  console.log(base64Codec.atob('aGVsbG8='));
  console.log(base64Codec.encodeString('+'));
  console.log(queryStringCodec.parse('a=5&b=10', { c: 15 }));
  console.log(queryStringCodec.stringify({ a: 10, b: 15 }));
  return r.ok();
};"#,
            &[
                "Basic: bWFueTpibG9ja3M=",
                "aGVsbG8=",
                "hello",
                "_",
                r#"{"a":"5","b":"10","c":15}"#,
                "a=10&b=15",
            ],
        ),
        case(
            "codec edge cases: URL-safe strings, Latin-1, repeated and encoded query keys",
            r#"const base64 = require('codec/base64');
const qs = require('codec/query_string');
export default (r) => {
  console.log(base64.encodeString('a+b/c='), base64.decodeString(base64.encodeString('a+b/c=')));
  console.log(base64.btoa('\u00ff\u00e9'), base64.atob('/+k='), base64.atob('aGk'));
  try { base64.btoa('\u20ac'); } catch (e) { console.log(e.message); }
  try { base64.atob('**'); } catch (e) { console.log(e.message); }
  console.log(qs.parse('?a=1&b=x+y&a=2&c&d=%E2%82%AC'), qs.parse({ page: '3' }, { page: '1', limit: '10' }));
  console.log(qs.stringify({ q: 'a b&c', list: [1, 2], t: true, o: { x: 1 } }));
  return r.ok();
};"#,
            &[
                "a_b-c= a+b/c=",
                "/+k= \u{ff}\u{e9} hi",
                "codec/base64.btoa: the string has characters outside Latin-1",
                "codec/base64.atob: invalid character '*' in Base64 input",
                "{\"a\":[\"1\",\"2\"],\"b\":\"x y\",\"c\":\"\",\"d\":\"\u{20ac}\"} {\"page\":\"3\",\"limit\":\"10\"}",
                "q=a%20b%26c&list=1&list=2&t=true&o=",
            ],
        ),
        // ---- uuid --------------------------------------------------------------------------
        case(
            "uuid: v3 as PubNub's reference prints it, v5, v4, validate and version",
            r#"const { v3, v4, v5, validate, version } = require('uuid');
const uuid = require('uuid');
export default (r) => {
  const namespace = 'f8435596-ee6a-4a3d-a304-e3f0c7bb5321';
  const uuidV3 = v3('Hello World', namespace);
  console.log({ uuid: uuidV3, valid: validate(uuidV3), version: version(uuidV3), expectedV3: '51bfe3fe-6be8-3192-8ff2-b86ffd390fcc' });
  console.log(v5('Hello World', namespace), version(v5('x', v5.DNS)));
  const id = v4();
  console.log(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), validate(id), version(id), id !== v4(), validate(uuid()));
  console.log(validate('not-a-uuid'), validate(42));
  try { version('nope'); } catch (e) { console.log(e.name, e.message); }
  return r.ok();
};"#,
            &[
                r#"{"uuid":"51bfe3fe-6be8-3192-8ff2-b86ffd390fcc","valid":true,"version":3,"expectedV3":"51bfe3fe-6be8-3192-8ff2-b86ffd390fcc"}"#,
                "6e54de1b-b0b5-55df-97c7-5487107d155b 5",
                "true true 4 true true",
                "false false",
                "TypeError Invalid UUID",
            ],
        ),
        // ---- utils, advanced_math ----------------------------------------------------------
        case(
            "utils.randomInt stays in [min, max) and isNumeric prints what PubNub's reference prints",
            r#"const utils = require('utils');
export default (r) => {
  const seen = new Set();
  for (let i = 0; i < 400; i += 1) seen.add(utils.randomInt(5, 15));
  console.log([...seen].sort((a, b) => a - b).join(','));
  console.log(utils.isNumeric(5));
  console.log(utils.isNumeric('five'));
  console.log(utils.isNumeric('12.5'), utils.isNumeric(''), utils.isNumeric(null), utils.isNumeric(NaN));
  try { utils.randomInt(3, 3); } catch (e) { console.log(e.message); }
  return r.ok();
};"#,
            &[
                "5,6,7,8,9,10,11,12,13,14",
                "true",
                "false",
                "true false false false",
                "utils.randomInt: expected numbers min < max",
            ],
        ),
        case(
            "advanced_math.getDistance (miles) and deg2rad on PubNub's examples",
            r#"const advancedMath = require('advanced_math');
export default (r) => {
  console.log(advancedMath.getDistance(43.70011, -79.4163, 37.77493, -122.41942).toFixed(6));
  console.log(advancedMath.deg2rad(30));
  // Half the Earth's circumference: pi times its radius, 3,959 miles.
  console.log(advancedMath.getDistance(10, 20, 10, 20), advancedMath.getDistance(0, 0, 0, 180).toFixed(3));
  return r.ok();
};"#,
            &["2262.362726", "0.5235987755982988", "0 12437.565"],
        ),
        // ---- jsonpath ----------------------------------------------------------------------
        case(
            "jsonpath: PubNub's reference example, as it prints the result",
            r#"const { JSONPath } = require('jsonpath');
const json_sample = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', price: 12.99 },
    ],
  },
};
export default req => {
  const result = JSONPath({ path: '$.store.book[*].author', json: json_sample });
  console.log(result);
  return req.ok({ result });
};"#,
            &[r#"["Nigel Rees","Evelyn Waugh"]"#],
        ),
        case(
            "jsonpath: the rest of the syntax",
            r#"const { JSONPath } = require('jsonpath');
const json_sample = { store: {
  book: [
    { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
    { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
    { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99, tags: ['sea', 'whale'] },
  ],
  bicycle: { color: 'red', price: 19.95 },
} };
const q = (path) => JSONPath({ path, json: json_sample });
export default (r) => {
  console.log(q('$.store.book[*].author'));
  console.log(q('$..price'));
  console.log(q("$.store.book[?(@.category=='fiction' && @.price < 10)].title"));
  console.log(q('$..book[?(@.isbn)].author'), q('$..book[-1:].price'), q('$..book[0,2].price'), q('$..book[:2].price'));
  console.log(q("$.store['bicycle'].color"), q('$.store.*.color'), q('$..book.length'), q('$..book[(@.length-1)].title'));
  console.log(q("$..book[?(@.tags && @.tags.indexOf('whale') > -1)].title"), q("$..book[?(@.author.startsWith('E') || !@.isbn && @.price > 100)].price"));
  console.log(q('$.missing.deeper'), q('$..book[5]'));
  try { q("$..book[?(@.price.constructor('x'))]"); } catch (e) { console.log(e.name, e.message); }
  return r.ok();
};"#,
            &[
                r#"["Nigel Rees","Evelyn Waugh","Herman Melville"]"#,
                "[8.95,12.99,8.99,19.95]",
                r#"["Moby Dick"]"#,
                r#"["Herman Melville"] [8.99] [8.95,8.99] [8.95,12.99]"#,
                r#"["red"] ["red"] [3] ["Moby Dick"]"#,
                r#"["Moby Dick"] [12.99]"#,
                "[] []",
                "SyntaxError JSONPath: the method constructor() is not available in filters in $..book[?(@.price.constructor('x'))]",
            ],
        ),
        // ---- ugc, pubnub -------------------------------------------------------------------
        Case {
            error: Some(RunError {
                message: "ugc.moderateMessage is not available in the test console: it calls PubNub's Auto Moderation service with a configuration from BizOps Workspace, which a test run does not have",
                line: 4,
                v8_column: 25,
                quickjs_column: 25,
            }),
            ..case(
                "ugc loads, and moderateMessage is refused with the reason",
                "const ugc = require('ugc');\nexport default async (r) => {\n  console.log(typeof ugc.moderateMessage);\n  const res = await ugc.moderateMessage({ configId: 'c', message: { text: 'x' }, channel: 'c', userId: 'u' });\n};",
                &["function"],
            )
        },
        case(
            "pubnub: publish, fire and signal are recorded; the network's methods are refused by name",
            r#"const pubnub = require('pubnub');
export default async (r) => {
  await pubnub.publish({ channel: 'a', message: 1 });
  await pubnub.fire({ channel: 'b', message: 2 });
  await pubnub.signal({ channel: 'c', message: 3 });
  for (const call of [() => pubnub.hereNow({ channels: ['a'] }), () => pubnub.grantToken({}), () => pubnub.objects.getUUIDMetadata({}), () => pubnub.channelGroups.addChannels({})]) {
    try { await call(); } catch (e) { console.log(e.message.split(':')[0]); }
  }
  return r.ok();
};"#,
            &[
                "pubnub.hereNow is not available in the test console",
                "pubnub.grantToken is not available in the test console",
                "pubnub.objects.getUUIDMetadata is not available in the test console",
                "pubnub.channelGroups.addChannels is not available in the test console",
            ],
        ),
        // ---- kvstore, vault, xhr, console, require -----------------------------------------
        case(
            "kvstore: every method, with PubNub's TTL argument checked",
            r#"const db = require('kvstore');
export default async (r) => {
  await db.set('key', { value: true }, 2880);
  await db.setItem('s', 'v', 5);
  try { await db.set('k', 1, 'a day'); } catch (e) { console.log(e.message); }
  console.log(await db.get('key'), await db.getItem('s'), await db.getKeys());
  console.log(await db.incrCounter('n', 5), await db.incrCounter('n'), await db.getCounter('n'), await db.removeItem('s'));
  return r.ok();
};"#,
            &[
                "kvstore: the TTL must be a number of minutes",
                r#"{"value":true} v ["key","s"]"#,
                "5 6 6 true",
            ],
        ),
        Case {
            event: json!({"message": {}}),
            ..case(
                "xhr: the response has PubNub's fields and its url; only PubNub's methods are sent",
                r#"const xhr = require('xhr');
export default async (r) => {
  const res = await xhr.fetch('https://api.example.com/v1/users?id=7', { method: 'post', body: '{}' });
  console.log(res.url, res.status, res.body, res.headers);
  try { await xhr.fetch('https://api.example.com/', { method: 'TRACE' }); } catch (e) { console.log(e.message); }
  return r.ok();
};"#,
                &[
                    r#"https://api.example.com/v1/users?id=7 201 {"id":7} {"x-a":"1"}"#,
                    "xhr.fetch: unsupported method TRACE (PubNub supports GET, POST, PUT, OPTIONS, DELETE, PATCH)",
                ],
            )
        },
        case(
            "require('promise') is the engine's Promise, as PubNub's guide shows it",
            "const P = require('promise');\nexport default (r) => P.all([1, P.resolve(2)]).then((v) => { console.log(v, P === Promise); return r.ok(); });",
            &["[1,2] true"],
        ),
        case(
            "vault and console",
            r#"const vault = require('vault');
export default async (r) => {
  console.info('info', 1);
  console.debug('debug', [1]);
  console.warn('warn', { a: null });
  console.error(new TypeError('boom'));
  require('console').log(await vault.get('api_key'), String(await vault.get('none')));
  return r.ok();
};"#,
            &["info 1", "debug [1]", "warn {\"a\":null}", "TypeError: boom", "s3cr3t undefined"],
        ),
        Case {
            error: Some(RunError {
                message: "Cannot find module 'left-pad'",
                line: 2,
                v8_column: 28,
                quickjs_column: 28,
            }),
            ..case(
                "an unknown module is refused where it is required",
                "export default (r) => {\n  const pad = r.message && require('left-pad');\n};",
                &[],
            )
        },
        // ---- On Request ------------------------------------------------------------------
        Case {
            trigger: "ON_REQUEST",
            event: json!({"method": "get", "path": "/users/7?lang=en&tag=a&tag=b", "query": {"page": 2, "lang": "fr"}, "headers": {"x-a": "1"}}),
            ..case(
                "On Request: params and query from the path's query string and the test's query",
                r#"export default (request, response) => {
  console.log(request.method, request.path);
  console.log(request.params);
  console.log(request.query);
  return response.send('ok', 200);
};"#,
                &[
                    "GET /users/7",
                    r#"{"lang":"fr","tag":["a","b"],"page":"2"}"#,
                    r#"{"lang":"fr","tag":["a","b"],"page":"2"}"#,
                ],
            )
        },
    ]
}

fn input(c: &Case) -> Value {
    json!({
        "type": c.trigger,
        "request": c.event,
        "xhrMocks": [{"method": "POST", "url": "https://api.example.com/v1/users*", "status": 201, "headers": {"x-a": "1"}, "body": {"id": 7}}],
        "secrets": {"api_key": "s3cr3t"},
    })
}

/// Every case in V8 through `runtime/v8-runner.mjs`, in one Node process.
fn run_in_v8(cases: &[Case]) -> Vec<Value> {
    let runner = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../runtime/v8-runner.mjs");
    let jobs: Vec<Value> = cases
        .iter()
        .map(|c| {
            let composed = compose_script(c.code);
            json!({"script": composed.script, "preludeLength": composed.prelude_len, "input": input(c)})
        })
        .collect();
    let mut child = Command::new("node")
        .arg(&runner)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("Node.js runs the V8 side of these tests (`node` on PATH; scripts/setup.sh installs it)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(Value::Array(jobs).to_string().as_bytes())
        .expect("the jobs reach the V8 runner");
    let out = child.wait_with_output().expect("the V8 runner ends");
    assert!(out.status.success(), "the V8 runner failed: {out:?}");
    serde_json::from_slice(&out.stdout).expect("the V8 runner prints a JSON array")
}

fn lines(doc: &Value) -> Vec<String> {
    doc["console"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .map(|l| l["text"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// What is wrong with `doc` as `engine_name`'s answer to `c`, if anything.
fn problems(engine_name: &str, c: &Case, doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if lines(doc) != c.console {
        out.push(format!(
            "{engine_name}, {}: console {:?}, expected {:?}",
            c.name,
            lines(doc),
            c.console
        ));
    }
    let error = &doc["errors"][0];
    match &c.error {
        None if doc["errors"] != json!([]) || doc["outcome"]["kind"] == "error" => {
            out.push(format!("{engine_name}, {}: unexpected error {doc}", c.name))
        }
        None => {}
        Some(expected) => {
            let column = if engine_name == "V8" {
                expected.v8_column
            } else {
                expected.quickjs_column
            };
            let found = (
                error["message"].as_str(),
                error["line"].as_u64(),
                error["column"].as_u64(),
            );
            if found != (Some(expected.message), Some(expected.line), Some(column)) {
                out.push(format!(
                    "{engine_name}, {}: error {found:?}, expected {:?}",
                    c.name,
                    (expected.message, expected.line, column)
                ));
            }
        }
    }
    out
}

/// The result document without the error columns, which the engines place differently
/// (see [`RunError`]).
fn without_columns(doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Some(errors) = doc["errors"].as_array_mut() {
        for e in errors {
            if let Some(e) = e.as_object_mut() {
                e.remove("column");
            }
        }
    }
    doc
}

#[test]
fn every_module_answers_the_same_on_both_runners() {
    let cases = cases();
    let v8 = run_in_v8(&cases);
    assert_eq!(v8.len(), cases.len());
    let mut failures = Vec::new();
    for (c, v8_doc) in cases.iter().zip(&v8) {
        let quickjs = engine::run(c.code, &input(c), Duration::from_secs(10));
        failures.extend(problems("QuickJS", c, &quickjs));
        failures.extend(problems("V8", c, v8_doc));
        if without_columns(&quickjs) != without_columns(v8_doc) {
            failures.push(format!(
                "{}: the runners differ\nQuickJS {quickjs}\nV8      {v8_doc}",
                c.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
