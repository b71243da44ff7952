/*
 * Autosave of the plan van aanpak form (plans/plan_form.html). The form works without this
 * file ("Concept opslaan" saves); this only saves the draft in the background:
 *
 * - after a change (a checkbox, a select, leaving a field) and every 20 seconds while typing,
 *   the form is posted with action=autosave; the answer is JSON;
 * - the answer's message ("Concept opgeslagen om 10:42") goes into the status region
 *   (role="status", aria-live="polite");
 * - on a new plan the first autosave creates it: the form then posts to the plan's edit
 *   address, the live valuation to the plan's valuation address, and the address bar shows
 *   the edit address;
 * - when the session has expired (401) the server has kept the input; the status region
 *   then offers the link to sign in again.
 *
 * One request at a time, so a new plan is never created twice. No inline scripts (CSP).
 */
(function () {
  "use strict";

  var INTERVAL_MS = 20000;
  var AFTER_CHANGE_MS = 1500;

  function init() {
    var form = document.getElementById("plan-form");
    if (!form || !window.fetch || !window.FormData) {
      return;
    }
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    var dirty = false;
    var saving = false;
    var again = false;
    var stopped = false;
    var timer = null;

    function setStatus(text, link) {
      if (!status) {
        return;
      }
      status.textContent = text;
      if (link) {
        var anchor = document.createElement("a");
        anchor.className = "utrecht-link utrecht-link--html-a";
        anchor.href = link.href;
        anchor.textContent = link.text;
        status.appendChild(document.createTextNode(" "));
        status.appendChild(anchor);
      }
    }

    function adoptLineIds(lineIds) {
      // Lines saved for the first time got an id: the next save updates them in place.
      Object.keys(lineIds || {}).forEach(function (name) {
        var input = form.querySelector('input[name="' + name + '"]');
        if (input) {
          input.value = String(lineIds[name]);
        }
      });
    }

    function adopt(body) {
      // A new plan was created: from now on everything goes to its own addresses.
      if (!body.edit_url || form.getAttribute("action") === body.edit_url) {
        return;
      }
      form.setAttribute("action", body.edit_url);
      if (body.valuation_url) {
        form.setAttribute("hx-post", body.valuation_url);
        if (window.htmx) {
          window.htmx.process(form);
        }
      }
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", body.edit_url);
      }
    }

    function save() {
      if (!dirty || stopped) {
        return;
      }
      if (saving) {
        again = true;
        return;
      }
      saving = true;
      dirty = false;
      var data = new FormData(form);
      data.set("action", "autosave");
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          return response.json().then(function (body) {
            return { status: response.status, body: body };
          });
        })
        .then(function (result) {
          var body = result.body || {};
          if (result.status === 401 && body.login_url) {
            stopped = true;
            setStatus(body.message || "", {
              href: body.login_url,
              text: form.getAttribute("data-login-text") || body.login_url
            });
            return;
          }
          if (!body.ok) {
            setStatus(body.message || form.getAttribute("data-autosave-failed") || "");
            return;
          }
          adopt(body);
          adoptLineIds(body.line_ids);
          setStatus(body.message || "");
        })
        .catch(function () {
          dirty = true;
          setStatus(form.getAttribute("data-autosave-failed") || "");
        })
        .then(function () {
          saving = false;
          if (again) {
            again = false;
            save();
          }
        });
    }

    form.addEventListener("input", function () {
      dirty = true;
    });
    form.addEventListener("change", function () {
      dirty = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, AFTER_CHANGE_MS);
    });
    form.addEventListener("submit", function () {
      // A button was pressed: the normal post saves; no autosave may race it.
      stopped = true;
      window.clearTimeout(timer);
    });
    window.setInterval(save, INTERVAL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
