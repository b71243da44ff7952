/*
 * Autosave of the plan van aanpak form (plans/plan_form.html). The form works without this
 * file ("Concept opslaan" saves); this only saves the draft in the background:
 *
 * - after a change (a checkbox, a select, leaving a field) and every 20 seconds while typing,
 *   the form is posted with action=autosave; the answer is JSON;
 * - the answer's message ("Concept opgeslagen om 10:42") goes into the status region
 *   (role="status", aria-live="polite");
 * - every save carries the plan's revision (hidden fields "revision" and "base"); after each
 *   autosave they get the new revision, so this tab's own saves never conflict with each
 *   other;
 * - when the plan was saved elsewhere meanwhile (another tab, a colleague) the answer is 409
 *   with conflict=true: nothing was saved, the autosave stops and the status region says to
 *   use "Concept opslaan", which shows both texts side by side (nothing is overwritten);
 * - on a new plan the first autosave creates it: the form then posts to the plan's edit
 *   address, the live valuation to the plan's valuation address, and the address bar shows
 *   the edit address;
 * - when the session has expired (401) the server has kept the input; the status region
 *   then offers the link to sign in again.
 *
 * Leaving the page loses nothing:
 * - a click on a link while there are unsaved changes first saves, then follows the link;
 * - closing the tab or going elsewhere (pagehide) sends the unsaved changes with a request
 *   that survives the page (fetch keepalive);
 * - the browser asks before leaving while changes are unsaved or a save is under way
 *   (beforeunload);
 * - a button pressed while an autosave is under way waits for it, then posts with the new
 *   revision.
 *
 * One request at a time, so a new plan is never created twice. No inline scripts (CSP).
 */
(function () {
  "use strict";

  var INTERVAL_MS = 20000;
  var AFTER_CHANGE_MS = 1500;
  var KEEPALIVE_MAX_BYTES = 60000; // browsers allow 64 kB in flight for keepalive requests

  function init() {
    var form = document.getElementById("plan-form");
    if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) {
      return;
    }
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    var revisionInput = form.querySelector("input[name='revision']");
    var baseInput = form.querySelector("input[name='base']");
    // Unsaved from the start: input restored after a sign-in, or a conflict page.
    var dirty = form.hasAttribute("data-unsaved");
    var saving = false;
    var again = false;
    // Stopped: after a conflict, an expired session or a status change the autosave posts
    // nothing more (the user decides with the buttons). Off on the conflict page itself.
    var stopped = form.hasAttribute("data-autosave-off");
    var submitting = false;
    var pendingSubmit = null;
    var afterSave = [];
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
      // The new revision (and the fingerprints of what it holds): this tab's next save is
      // based on what it just saved, so its own autosaves never conflict with each other.
      if (revisionInput && body.revision !== undefined && body.revision !== null) {
        revisionInput.value = String(body.revision);
      }
      if (baseInput && typeof body.base === "string") {
        baseInput.value = body.base;
      }
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

    function formBody() {
      var data = new URLSearchParams(new FormData(form));
      data.set("action", "autosave");
      return data.toString();
    }

    function post(body, keepalive) {
      return fetch(form.getAttribute("action"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        keepalive: keepalive,
        headers: {
          Accept: "application/json",
          "Content-Type": "application/x-www-form-urlencoded"
        }
      });
    }

    function finished() {
      saving = false;
      var waiting = afterSave;
      afterSave = [];
      if (pendingSubmit) {
        // A button was pressed during the save: post the form now, with the new revision.
        var submitter = pendingSubmit;
        pendingSubmit = null;
        again = false;
        if (form.requestSubmit) {
          form.requestSubmit(submitter === form ? undefined : submitter);
        } else {
          form.submit();
        }
        return;
      }
      waiting.forEach(function (callback) {
        callback();
      });
      if (again) {
        again = false;
        save();
      }
    }

    function save(callback) {
      if (callback) {
        afterSave.push(callback);
      }
      if (saving) {
        again = true;
        return;
      }
      if (!dirty || stopped) {
        finished();
        return;
      }
      saving = true;
      dirty = false;
      var body = formBody();
      post(body, body.length < KEEPALIVE_MAX_BYTES)
        .then(function (response) {
          return response.json().then(function (json) {
            return { status: response.status, body: json };
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
            // A conflict or a status change: nothing was saved and nothing is overwritten;
            // what was typed stays unsaved, so leaving the page still asks first.
            dirty = true;
            stopped = true;
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
        .then(finished);
    }

    function isPlainNavigation(event, link) {
      if (event.defaultPrevented || event.button !== 0) {
        return false;
      }
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return false; // a new tab or window: this page stays open
      }
      if (link.target && link.target !== "_self") {
        return false;
      }
      if (link.hasAttribute("download") || link.origin !== window.location.origin) {
        return false;
      }
      // A link within the page (error summary, "go to the field") does not leave it.
      return !(link.hash && link.pathname === window.location.pathname);
    }

    form.addEventListener("input", function () {
      dirty = true;
    });
    form.addEventListener("change", function () {
      dirty = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, AFTER_CHANGE_MS);
    });
    form.addEventListener("submit", function (event) {
      if (saving) {
        // Wait for the autosave under way, so the button's post carries its new revision.
        event.preventDefault();
        pendingSubmit = event.submitter || form;
        return;
      }
      // A button was pressed: the normal post saves; no autosave may race it.
      submitting = true;
      stopped = true;
      window.clearTimeout(timer);
    });

    // A link clicked right after typing: save first, then follow the link.
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || stopped || !(dirty || saving) || !isPlainNavigation(event, link)) {
        return;
      }
      event.preventDefault();
      window.clearTimeout(timer);
      save(function () {
        if (!dirty) {
          submitting = true; // saved: leave without asking
          window.location.assign(link.href);
        }
      });
    });

    // Leaving otherwise (tab closed, back button, typed address): send what is unsaved with
    // a request that outlives the page.
    window.addEventListener("pagehide", function () {
      if (!dirty || stopped || submitting || saving) {
        return;
      }
      var body = formBody();
      if (body.length < KEEPALIVE_MAX_BYTES) {
        dirty = false;
        post(body, true).catch(function () {});
      }
    });

    window.addEventListener("beforeunload", function (event) {
      if (submitting || !(dirty || saving)) {
        return undefined;
      }
      event.preventDefault();
      event.returnValue = form.getAttribute("data-unsaved-warning") || "";
      return event.returnValue;
    });

    window.setInterval(save, INTERVAL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
