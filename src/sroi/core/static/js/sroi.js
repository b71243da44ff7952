/*
 * SROI progressive enhancements. Every page works without this file; it only makes keyboard
 * and screen-reader use smoother. No inline scripts anywhere (CSP: script-src 'self').
 *
 * 1. An error summary (.sroi-error-summary, core/_error_summary.html) gets focus when the
 *    page loads, so screen readers announce it and Tab continues into its links.
 * 2. A link in the summary moves focus to the field itself (a plain #fragment only scrolls)
 *    and scrolls its label into view.
 * 3. After an htmx swap caused by submitting a form, a new error summary in the swapped
 *    content gets focus too. Swaps caused by typing (live valuation) never move focus.
 */
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".sroi-error-summary");
    if (!summary) {
      return false;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
    return true;
  }

  function labelFor(field) {
    if (!field.id) {
      return null;
    }
    var fieldset = field.closest("fieldset");
    if (fieldset && fieldset.querySelector("legend") && field.type && /^(radio|checkbox)$/.test(field.type)) {
      return fieldset.querySelector("legend");
    }
    return document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
  }

  function onSummaryLinkClick(event) {
    var link = event.target.closest(".sroi-error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var target = document.getElementById(id);
    if (!target) {
      return;
    }
    // A container (radio group, multi-widget) focuses its first control.
    var field = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input, select, textarea, button");
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = labelFor(field) || field;
    label.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  function onAfterSettle(event) {
    var detail = event.detail || {};
    var config = detail.requestConfig || {};
    var trigger = config.triggeringEvent;
    if (!trigger || trigger.type !== "submit") {
      return;
    }
    focusErrorSummary(detail.target || detail.elt);
  }

  function init() {
    focusErrorSummary(document);
    document.addEventListener("click", onSummaryLinkClick);
    document.body.addEventListener("htmx:afterSettle", onAfterSettle);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
