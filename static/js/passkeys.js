// Passkeys for staff and patients: add one on the account page, sign in with one on the
// sign-in page. Each button names its two endpoints in data-start and data-finish.
// The server (webauthn-rs) sends options with binary fields as base64url; WebAuthn wants
// ArrayBuffers, and the answer goes back as base64url again.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !window.fetch) return;

  function bytes(text) {
    var plain = text.replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(plain), function (c) { return c.charCodeAt(0); });
  }
  function text(buffer) {
    var out = "";
    new Uint8Array(buffer).forEach(function (b) { out += String.fromCharCode(b); });
    return btoa(out).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  // The page writes the script's own sentences in its language on the status element.
  var statusLine = document.getElementById("passkey-status");
  function sentence(name, english) {
    return (statusLine && statusLine.dataset[name]) || english;
  }
  function say(message) {
    if (statusLine) { statusLine.textContent = message; statusLine.hidden = false; }
  }
  function post(path, fields) {
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString()
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.error || sentence("failed", "Something went wrong: try again."));
        return body;
      });
    });
  }
  function csrf() {
    var field = document.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  var signIn = document.getElementById("passkey-sign-in");
  if (signIn) {
    signIn.hidden = false;
    signIn.addEventListener("click", function () {
      var email = document.getElementById("email").value;
      if (!email) { say(sentence("emailFirst", "Type your email address first, then use your passkey.")); return; }
      var ceremony;
      post(signIn.dataset.start, { csrf_token: csrf(), email: email }).then(function (start) {
        ceremony = start.ceremony;
        var p = start.options.publicKey;
        p.challenge = bytes(p.challenge);
        (p.allowCredentials || []).forEach(function (c) { c.id = bytes(c.id); });
        return navigator.credentials.get({ publicKey: p });
      }).then(function (a) {
        var r = a.response;
        var credential = {
          id: a.id, rawId: text(a.rawId), type: a.type,
          response: {
            authenticatorData: text(r.authenticatorData), clientDataJSON: text(r.clientDataJSON),
            signature: text(r.signature), userHandle: r.userHandle ? text(r.userHandle) : null
          }
        };
        return post(signIn.dataset.finish, { csrf_token: csrf(), ceremony: ceremony, credential: JSON.stringify(credential) });
      }).then(function (done) {
        window.location.assign(done.next);
      }).catch(function (error) { say(error.message); });
    });
  }

  var add = document.getElementById("passkey-add");
  if (add) {
    add.hidden = false;
    add.addEventListener("click", function () {
      var name = (document.getElementById("passkey-name") || {}).value || "Passkey";
      var ceremony;
      post(add.dataset.start, { csrf_token: csrf() }).then(function (start) {
        ceremony = start.ceremony;
        var p = start.options.publicKey;
        p.challenge = bytes(p.challenge);
        p.user.id = bytes(p.user.id);
        (p.excludeCredentials || []).forEach(function (c) { c.id = bytes(c.id); });
        return navigator.credentials.create({ publicKey: p });
      }).then(function (c) {
        var credential = {
          id: c.id, rawId: text(c.rawId), type: c.type,
          response: { attestationObject: text(c.response.attestationObject), clientDataJSON: text(c.response.clientDataJSON) }
        };
        return post(add.dataset.finish, { csrf_token: csrf(), ceremony: ceremony, name: name, credential: JSON.stringify(credential) });
      }).then(function () {
        window.location.reload();
      }).catch(function (error) { say(error.message); });
    });
  }
})();
