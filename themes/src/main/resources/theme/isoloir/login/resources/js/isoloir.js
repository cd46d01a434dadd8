// Progressive enhancement only: every page works without JavaScript.
// - a show/hide button beside each passphrase field;
// - a live counter of the passphrase length in code points (the server counts the same way, after NFC);
// - a reloadable address in the address bar (see keepAReloadableAddress);
// - the lost-identifier page's proof-of-work (see solveProofOfWork): without JavaScript, the voter copies
//   the captcha instead.
(function () {
  "use strict";

  function codePoints(text) {
    return Array.from(text.normalize("NFC")).length;
  }

  function addShowHide(form) {
    var show = form.getAttribute("data-show-label");
    var hide = form.getAttribute("data-hide-label");
    if (!show || !hide) {
      return;
    }
    form.querySelectorAll(".isoloir-field--passphrase input").forEach(function (input) {
      // The visible text says what a press does ("Afficher" / "Masquer"); the accessible name adds
      // which field, since the choice page has two such buttons. No aria-pressed: the name changes.
      var label = form.querySelector("label[for='" + input.id + "']");
      var field = label ? label.textContent.trim() : "";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "isoloir-toggle";
      button.setAttribute("aria-controls", input.id);
      function name(text) {
        button.textContent = text;
        button.setAttribute("aria-label", field ? text + " (" + field + ")" : text);
      }
      name(show);
      button.addEventListener("click", function () {
        var showing = input.type === "text";
        input.type = showing ? "password" : "text";
        name(showing ? show : hide);
      });
      input.insertAdjacentElement("afterend", button);
    });
  }

  function addCounter(counter) {
    var input = document.getElementById("isoloir-passphrase");
    if (!input) {
      return;
    }
    var min = parseInt(counter.getAttribute("data-min"), 10);
    var template = counter.getAttribute("data-template");
    function update() {
      var count = codePoints(input.value);
      counter.textContent = template.replace("{count}", String(count));
      counter.classList.toggle("isoloir-counter--ok", count >= min);
    }
    counter.hidden = false;
    input.addEventListener("input", update);
    update();
  }

  // After a form post the address bar holds the post's URL, with a one-time session_code: reloading
  // re-posts the previous form and Keycloak answers "page expired". Keycloak replaces that address with
  // an inline script, which the realm's Content-Security-Policy (no inline script) blocks; the template
  // gives the same address (the form action without session_code) and this puts it in the bar.
  function keepAReloadableAddress() {
    var stepUrl = document.body.getAttribute("data-isoloir-step-url");
    if (stepUrl && window.history && typeof window.history.replaceState === "function") {
      window.history.replaceState(null, "", stepUrl);
    }
  }

  // SHA-256 of a short ASCII text (the proof-of-work's salt + number), as eight 32-bit words. Our own
  // compact code rather than WebCrypto: crypto.subtle.digest is asynchronous, and its cost per call
  // (measured: about 20,000 digests a second in Chromium here) would make the search 20 times slower;
  // it also needs no secure context.
  var SHA256_K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  var SHA256_W = new Int32Array(64);
  var SHA256_ONE_BLOCK = new Int32Array(16);

  function sha256(text, out) {
    var length = text.length;
    var blocks = ((length + 8) >> 6) + 1;
    // A salt and a number fit one block: reuse its buffer rather than allocate one per hash.
    var words = blocks === 1 ? SHA256_ONE_BLOCK : new Int32Array(blocks * 16);
    var i;
    for (i = 0; i < 16; i++) {
      words[i] = 0;
    }
    for (i = 0; i < length; i++) {
      words[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - (i & 3) * 8);
    }
    words[length >> 2] |= 0x80 << (24 - (length & 3) * 8);
    words[blocks * 16 - 1] = length * 8;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372, h3 = 0xa54ff53a | 0,
      h4 = 0x510e527f, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    var w = SHA256_W;
    for (var block = 0; block < blocks; block++) {
      for (i = 0; i < 16; i++) {
        w[i] = words[block * 16 + i];
      }
      for (i = 16; i < 64; i++) {
        var x = w[i - 15], y = w[i - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (i = 0; i < 64; i++) {
        var t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7)))
          + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
        var t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10)))
          + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    out[0] = h0; out[1] = h1; out[2] = h2; out[3] = h3; out[4] = h4; out[5] = h5; out[6] = h6; out[7] = h7;
  }

  // The lost-identifier page's proof-of-work, on the ALTCHA scheme (fr.isoloir.captcha.AntiRobotCheck):
  // find the number n, from 0 to data-max-number, whose SHA-256 of (salt + n) is the challenge, and put
  // ALTCHA's payload in the hidden field. The search runs in batches with a pause between them, so the
  // page stays responsive; the status is said in a live region (role=status). A press on "Demander" with
  // the captcha empty before the proof is found waits for it, then posts.
  var POW_BATCH = 10000;

  function solveProofOfWork(input) {
    var form = input.form;
    var status = document.getElementById("isoloir-pow-status");
    var captcha = document.getElementById("isoloir-captcha");
    var salt = input.getAttribute("data-salt") || "";
    var challenge = input.getAttribute("data-challenge") || "";
    var max = parseInt(input.getAttribute("data-max-number"), 10);
    var state = "working";
    var held = null;

    function say(key) {
      if (status) {
        status.textContent = status.getAttribute("data-" + key) || "";
      }
    }
    if (input.getAttribute("data-algorithm") !== "SHA-256" || !/^[0-9a-f]{64}$/.test(challenge)
        || !/^[\x20-\x7e]*$/.test(salt) || !(max >= 0) || typeof JSON === "undefined" || typeof btoa !== "function") {
      say("failed");
      return;
    }
    var target = new Int32Array(8);
    for (var t = 0; t < 8; t++) {
      target[t] = parseInt(challenge.substr(t * 8, 8), 16) | 0;
    }
    var hash = new Int32Array(8);
    var started = Date.now();

    function search(start) {
      var end = Math.min(start + POW_BATCH, max + 1);
      for (var n = start; n < end; n++) {
        sha256(salt + n, hash);
        if (hash[0] === target[0] && hash[1] === target[1] && hash[2] === target[2] && hash[3] === target[3]
            && hash[4] === target[4] && hash[5] === target[5] && hash[6] === target[6] && hash[7] === target[7]) {
          return found(n);
        }
      }
      if (end > max) {
        state = "failed";
        say("failed");
        return;
      }
      setTimeout(function () { search(end); }, 0);
    }

    function found(number) {
      input.value = btoa(JSON.stringify({ algorithm: "SHA-256", challenge: challenge, number: number,
        salt: salt, signature: "" }));
      state = "done";
      if (status) {
        status.setAttribute("data-elapsed-ms", String(Date.now() - started));
      }
      say("done");
      if (held) {
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit(held);
        } else {
          form.submit();
        }
      }
    }

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (state !== "working" || (submitter && submitter.name === "newCaptcha") || (captcha && captcha.value.trim())) {
        return;
      }
      event.preventDefault();
      held = submitter || form.querySelector("button[type=submit]");
      say("waiting");
    });

    say("working");
    setTimeout(function () { search(0); }, 0);
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepAReloadableAddress();
    document.querySelectorAll("form[data-show-label]").forEach(addShowHide);
    var counter = document.getElementById("isoloir-passphrase-counter");
    if (counter) {
      addCounter(counter);
    }
    var proof = document.getElementById("isoloir-pow");
    if (proof) {
      solveProofOfWork(proof);
    }
  });
})();
