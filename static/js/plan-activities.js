"use strict";
// The plan's page: add an activity to a row (a copy of the row's hidden empty activity), open
// or close every row at once, and ask before leaving with edits not saved. Rows themselves are added by the admin's inlines.js, which
// renames the copied row's boxes, the empty activity's included.
(function () {
  const SLOT = "__prefix__";

  function renumber(element, from, to) {
    for (const name of ["name", "id", "for", "aria-describedby", "aria-labelledby"]) {
      const value = element.getAttribute(name);
      if (value && value.includes(from)) {
        element.setAttribute(name, value.split(from).join(to));
      }
    }
  }

  function addActivity(button) {
    const group = button.closest(".plan-activities");
    const total = group.querySelector('input[name$="-activities-TOTAL_FORMS"]');
    const template = group.querySelector(".plan-activity-empty");
    if (!total || !template) {
      return;
    }
    const prefix = total.name.slice(0, -"-TOTAL_FORMS".length);
    const index = Number(total.value);
    const activity = template.cloneNode(true);
    activity.classList.remove("plan-activity-empty");
    activity.hidden = false;
    const from = prefix + "-" + SLOT;
    const to = prefix + "-" + index;
    for (const element of [activity, ...activity.querySelectorAll("*")]) {
      renumber(element, from, to);
    }
    activity.querySelector("legend").textContent = "กิจกรรมใหม่ " + (index + 1);
    template.before(activity);
    total.value = String(index + 1);
    const first = activity.querySelector("textarea, input:not([type=hidden]), select");
    if (first) {
      first.focus();
    }
  }

  // Leaving the page with edits not yet saved asks first (the browser's own question).
  let unsaved = false;
  const form = document.getElementById("actionplan_form");
  if (form) {
    form.addEventListener("input", function () { unsaved = true; });
    form.addEventListener("change", function () { unsaved = true; });
    form.addEventListener("submit", function () { unsaved = false; });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("click", function (event) {
    const add = event.target.closest(".plan-activity-add");
    if (add) {
      event.preventDefault();
      addActivity(add);
      return;
    }
    const toggle = event.target.closest("[data-plan-items-open]");
    if (toggle) {
      const open = toggle.dataset.planItemsOpen === "1";
      for (const fold of document.querySelectorAll(".plan-item:not(.empty-form) > .plan-item-fold")) {
        fold.open = open;
      }
    }
  });
})();
