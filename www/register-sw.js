// Registers the service worker (sw.js) that lets the page work offline.
// A separate module so that app.js stays about the page itself.
//
// Failure is silent on purpose: the page works the same without it (only not
// offline). It fails where service workers are unavailable: file:// pages,
// private windows of some browsers, and browsers set to block them.
if ('serviceWorker' in navigator) {
  // After load, so that downloading the files for offline use never
  // competes with the page's own first load.
  window.addEventListener('load', () => {
    // updateViaCache 'none': the update check asks the server for sw.js and
    // sw-manifest.js every time, even if it sent them with long cache headers;
    // the default would take the manifest from the HTTP cache and miss a new version.
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch(() => {});
  });
}
