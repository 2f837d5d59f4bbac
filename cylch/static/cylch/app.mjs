// Cylch page behaviour. Loaded as a module: the content security policy
// allows no inline script.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

const body = document.body;
const csrfToken = () => {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
};

// Drafts: forms marked data-draft-key save what is typed, so a session that
// times out never loses the work. The server restores it on the next visit.
const draftForms = document.querySelectorAll("form[data-draft-key]");
const saveDraft = (form) => {
  const data = {};
  new FormData(form).forEach((value, name) => {
    if (typeof value === "string") data[name] = value;
  });
  return fetch("/drafts/", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify({ form_key: form.dataset.draftKey, data }),
  }).catch(() => undefined);
};
draftForms.forEach((form) => {
  let timer = null;
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => saveDraft(form), 1500);
  });
});

// Session timeout: warn before the idle limit, offer to stay signed in,
// save drafts, and go to sign-in when the session has ended.
const idle = Number(body.dataset.sessionIdleSeconds || 0);
const warnBefore = Number(body.dataset.sessionWarningSeconds || 120);
const banner = document.querySelector("[data-session-warning]");
if (idle > 0 && banner) {
  let warnTimer;
  let endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    banner.hidden = true;
    warnTimer = setTimeout(() => {
      banner.hidden = false;
      draftForms.forEach((form) => saveDraft(form));
      banner.querySelector("button")?.focus();
    }, Math.max(idle - warnBefore, 1) * 1000);
    endTimer = setTimeout(async () => {
      await Promise.all(Array.from(draftForms, (form) => saveDraft(form)));
      // The draft is safe on the server: end the session now, as the server is about to.
      await fetch(body.dataset.signOutUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
        redirect: "manual",
      }).catch(() => undefined);
      window.location.assign(body.dataset.signedOutUrl);
    }, idle * 1000);
  };
  banner.querySelector("[data-session-stay]")?.addEventListener("click", async () => {
    await fetch(body.dataset.keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    });
    schedule();
  });
  schedule();
}
