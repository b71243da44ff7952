/*
 * Calculator -> sign in -> plan, without storing anything of a signed-out visitor on the
 * server (plans/plan_from_calculation_sign_in.html and plan_from_calculation_resume.html).
 *
 * - On the sign-in page the calculation (#calculation-document) is kept in this browser's
 *   localStorage (so it also survives a sign-up whose confirmation link opens a new tab),
 *   for at most a day.
 * - Back from the login, the resume page puts it into its form (#calculation-resume) and
 *   shows the button; the calculation is removed from the browser when the form is sent.
 *   Without a kept calculation the page says so (#calculation-missing).
 *
 * No inline scripts (CSP).
 */
(function () {
  "use strict";

  var KEY = "sroi:calculation";
  var MAX_AGE_MS = 24 * 60 * 60 * 1000;

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage blocked (privacy settings)
    }
  }

  function keep(document_) {
    var store = storage();
    if (!store || !document_) {
      return;
    }
    try {
      store.setItem(KEY, JSON.stringify({ document: document_, at: Date.now() }));
    } catch (error) {
      // Full or blocked: the page's text explains what to do without it.
    }
  }

  function kept() {
    var store = storage();
    if (!store) {
      return "";
    }
    try {
      var item = JSON.parse(store.getItem(KEY) || "null");
      if (item && typeof item.document === "string" && Date.now() - item.at < MAX_AGE_MS) {
        return item.document;
      }
      store.removeItem(KEY);
    } catch (error) {
      return "";
    }
    return "";
  }

  function init() {
    var source = document.getElementById("calculation-document");
    if (source) {
      keep(source.value);
    }
    var form = document.getElementById("calculation-resume");
    if (!form) {
      return;
    }
    var value = kept();
    if (!value) {
      return;
    }
    form.querySelector("input[name='document']").value = value;
    form.hidden = false;
    var missing = document.getElementById("calculation-missing");
    if (missing) {
      missing.hidden = true;
    }
    form.addEventListener("submit", function () {
      var store = storage();
      if (store) {
        store.removeItem(KEY);
      }
    });
    form.querySelector("button").focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
