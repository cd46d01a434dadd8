// Progressive enhancement only: every page works without JavaScript.
// - a show/hide button beside each passphrase field;
// - a live counter of the passphrase length in code points (the server counts the same way, after NFC);
// - a reloadable address in the address bar (see keepAReloadableAddress).
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

  document.addEventListener("DOMContentLoaded", function () {
    keepAReloadableAddress();
    document.querySelectorAll("form[data-show-label]").forEach(addShowHide);
    var counter = document.getElementById("isoloir-passphrase-counter");
    if (counter) {
      addCounter(counter);
    }
  });
})();
