// Board addresses only, for a browser that already has a display name and the board's link
// token: fetch the single-use sync ticket and open the board's socket now, while the app's
// JavaScript downloads and compiles (DECISIONS 111). The app adopts this socket for its first
// connection (src/board/earlySocket.ts), with every message received so far. Anything
// unexpected here just leaves the app to connect as usual.
(function () {
  try {
    var match = /^\/b\/([^/]+)\/?$/.exec(location.pathname);
    var name = localStorage.getItem('lanewise:name');
    if (!match || !name || !window.WebSocket) return;
    var boardId = decodeURIComponent(match[1]);
    var token = new URLSearchParams(location.hash.slice(1)).get('t') || localStorage.getItem('lanewise:token:' + boardId);
    if (!token) return;
    // A board this browser has opened before may be in IndexedDB: the app sends its own state vector then.
    var known = (localStorage.getItem('lanewise:recent-boards') || '').indexOf(JSON.stringify(boardId)) !== -1;
    var early = { boardId: boardId, name: name, socket: null, messages: [], sentEmptyStep1: false, ready: null };
    window.__lanewiseEarly = early;
    early.ready = fetch('/api/boards/' + encodeURIComponent(boardId) + '/sync-ticket', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + token } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || typeof body.ticket !== 'string') return null;
        var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/sync/' + boardId +
          '?name=' + encodeURIComponent(name) + '&features=decisions&ticket=' + encodeURIComponent(body.ticket);
        var socket = new WebSocket(url);
        socket.binaryType = 'arraybuffer';
        socket.onmessage = function (event) {
          if (early.messages.length === 0 && performance.mark) performance.mark('lanewise:early-first-message');
          early.messages.push(event);
        };
        socket.onopen = function () {
          if (performance.mark) performance.mark('lanewise:early-open');
          // Sync step 1 with an empty state vector: the server answers with the whole board.
          if (!known) { socket.send(new Uint8Array([0, 0, 1, 0])); early.sentEmptyStep1 = true; }
        };
        early.socket = socket;
        return early;
      })
      .catch(function () { return null; });
  } catch {
    // Storage or sockets unavailable: the app connects as usual.
  }
})();
