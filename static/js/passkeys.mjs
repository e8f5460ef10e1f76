// Progressive enhancement for "Set up a passkey": django-otp-webauthn's script runs the
// ceremony; once the passkey is saved, go on to the page the person was heading for.
// Loaded from a static file (no inline script: the Content Security Policy forbids it).
const container = document.querySelector("[data-passkey-next]");

if (container) {
  document.addEventListener("otp_webauthn.register_complete", () => {
    window.location.assign(container.dataset.passkeyNext || "/");
  });
}
