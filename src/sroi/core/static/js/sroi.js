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
 * 5. A table that is wider than the screen scrolls inside its .sroi-table-wrapper (reflow,
 *    WCAG 1.4.10: the page itself never scrolls sideways); such a wrapper gets tabindex="0"
 *    so keyboard users can scroll it too (role="region", named by the caption or the heading above the table), and
 *    loses both again when it fits.
 * 4. A page opened at a #fragment that names an element with data-focus-first (the line just
 *    added with "Regel toevoegen") focuses that element's first field; the browser has
 *    already scrolled there. This wins over 1: the user asked for that line.
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

  function focusFragmentTarget() {
    var id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.hasAttribute("data-focus-first")) {
      return false;
    }
    var field = target.querySelector(
      "input:not([type='hidden']):not([disabled]), select:not([disabled]), textarea:not([disabled])"
    );
    if (!field) {
      return false;
    }
    target.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
    return true;
  }

  // A focusable box is announced by its name: the table's caption, else the heading just
  // above the table.
  function tableName(wrapper) {
    var caption = wrapper.querySelector("caption");
    var previous = wrapper.previousElementSibling;
    var source = caption || (previous && /^H[1-6]$/.test(previous.tagName) ? previous : null);
    return source ? source.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function markScrollingTables(root) {
    var wrappers = (root || document).querySelectorAll(".sroi-table-wrapper");
    Array.prototype.forEach.call(wrappers, function (wrapper) {
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.setAttribute("tabindex", "0");
        var name = tableName(wrapper);
        if (name && !wrapper.hasAttribute("aria-label")) {
          wrapper.setAttribute("role", "region");
          wrapper.setAttribute("aria-label", name);
        }
      } else if (wrapper.getAttribute("tabindex") === "0") {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    });
  }

  function init() {
    markScrollingTables(document);
    window.addEventListener("resize", function () {
      markScrollingTables(document);
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      markScrollingTables(document);
    });
    var id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
    var target = id ? document.getElementById(id) : null;
    if (target && target.hasAttribute("data-focus-first")) {
      // The browser moves focus to the fragment's target when it scrolls there, after the
      // load event: focus the field once that has happened.
      if (document.readyState === "complete") {
        window.setTimeout(focusFragmentTarget, 0);
      } else {
        window.addEventListener("load", function () {
          window.setTimeout(focusFragmentTarget, 0);
        });
      }
    } else {
      focusErrorSummary(document);
    }
    document.addEventListener("click", onSummaryLinkClick);
    document.body.addEventListener("htmx:afterSettle", onAfterSettle);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
