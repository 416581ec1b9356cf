// Google sign-in for a static page: Google Identity Services (GIS) shows its button over the canvas on the
// sign-in screen. The ID token it returns has its RS256 signature verified here with WebCrypto against
// Google's published keys; only a token whose signature holds is handed to C++, which checks its claims
// (core/id_token: alg, iss, aud, exp, iat, the nonce this page asked for, email_verified).
// Configuration: config.json next to index.html, {"googleClientId": "…apps.googleusercontent.com"}.
// config.googleJwksUrl (other keys to trust) exists for tests and is honoured only when the page is served
// from this machine (localhost / 127.0.0.1 / [::1]): a deployed config file can never choose the keys.
(function () {
  'use strict';
  const DEFAULT_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
  const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
  // One fresh nonce per page: GIS puts it in the ID token, and C++ refuses a token without it.
  const NONCE = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const jwksUrl = (config) =>
    (config.googleJwksUrl && LOOPBACK.includes(window.location.hostname)) ? config.googleJwksUrl : DEFAULT_JWKS_URL;
  const GIS_SCRIPT = 'https://accounts.google.com/gsi/client';

  function base64UrlBytes(text) {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    const raw = atob(b64);
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }
  function base64UrlJson(text) { return JSON.parse(new TextDecoder().decode(base64UrlBytes(text))); }

  // Returns {ok: true, token, clientId} once the signature holds (the claims are C++'s to check), or
  // {ok: false, message}.
  async function verifyIdTokenSignature(token, clientId, jwksUrl) {
    const refuse = (message) => ({ ok: false, message });
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3) return refuse('Google sent a sign-in token this app cannot read.');
    let header;
    try { header = base64UrlJson(parts[0]); } catch (e) {
      return refuse('Google sent a sign-in token this app cannot read.');
    }
    if (header.alg !== 'RS256') return refuse('The Google sign-in token is not signed the way Google signs them.');

    let keys;
    try {
      const response = await fetch(jwksUrl, { cache: 'no-cache' });
      if (!response.ok) throw new Error(String(response.status));
      keys = (await response.json()).keys || [];
    } catch (e) {
      return refuse('Google\'s keys could not be fetched to check this sign-in. Try again online, or use an email link.');
    }
    const jwk = keys.find((k) => k.kid === header.kid);
    if (!jwk) return refuse('The Google sign-in token is signed with an unknown key.');
    try {
      const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, n: jwk.n, e: jwk.e, alg: 'RS256', ext: true },
                                                { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
      const signed = new TextEncoder().encode(parts[0] + '.' + parts[1]);
      const valid = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, base64UrlBytes(parts[2]), signed);
      if (!valid) return refuse('The Google sign-in token\'s signature is not valid.');
    } catch (e) {
      return refuse('The Google sign-in token\'s signature could not be checked.');
    }
    return { ok: true, token, clientId, nonce: NONCE };
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // The status the sign-in screen explains: ready | not_configured | offline | unavailable.
  let status = 'not_configured';
  let button = null;

  async function start(config, app) {
    const clientId = config.googleClientId;
    const report = (s) => { status = s; app.setGoogleStatus(s); };
    if (!clientId) return report('not_configured');
    if (!navigator.onLine && !window.google?.accounts?.id) {
      report('offline');
      window.addEventListener('online', () => start(config, app), { once: true });
      return;
    }
    try {
      if (!window.google?.accounts?.id) await loadScript(GIS_SCRIPT);
    } catch (e) {
      return report(navigator.onLine ? 'unavailable' : 'offline');
    }
    window.google.accounts.id.initialize({
      client_id: clientId,
      nonce: NONCE,
      callback: async (response) => {
        const result = await verifyIdTokenSignature(response && response.credential, clientId, jwksUrl(config));
        app.signedInWithGoogle(result);
      },
    });
    button = document.createElement('div');
    button.id = 'google-button';
    button.hidden = true;
    document.body.appendChild(button);
    window.google.accounts.id.renderButton(button, { theme: 'outline', size: 'large', text: 'signin_with', width: 280 });
    report('ready');
    // Keep Google's button over the placeholder the sign-in screen draws on the canvas: after each frame the
    // app draws (an idle page draws none, so this costs nothing then).
    Module.mmAfterFrame = () => {
      const rect = app.locate('signin.google');
      button.hidden = !rect;
      if (rect) Object.assign(button.style, { left: rect.x + 'px', top: rect.y + 'px' });
    };
    Module.mmAfterFrame();
  }

  window.MarketplaceGoogle = { start, verifyIdTokenSignature, status: () => status };
})();
