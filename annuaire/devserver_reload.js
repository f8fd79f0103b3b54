/* Live reload for `make devserver` (annuaire/devserver.py adds this script to the pages it serves,
 * never to the built files): once a second, ask the devserver for the number of its last finished
 * build and reload the page when it is no longer the one the page was served with. */
(() => {
  const served = document.currentScript.dataset.build;
  const check = async () => {
    try {
      const response = await fetch("/__devserver__/build", { cache: "no-store" });
      if (response.ok && (await response.text()) !== served) {
        location.reload();
        return;
      }
    } catch (_error) {
      // The devserver is stopped or restarting: ask again.
    }
    setTimeout(check, 1000);
  };
  setTimeout(check, 1000);
})();
