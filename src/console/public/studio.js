// The studio's recorder: the microphone as 16-bit mono PCM, encoded as a WAV (which the voice gateway
// plays) and sent to the console with the session's CSRF token. No library: Web Audio and fetch only.
(function () {
  'use strict';
  var table = document.querySelector('table.studio');
  if (!table) return;
  var csrf = table.getAttribute('data-csrf');
  var RATE = 16000;

  function encodeWav(samples, rate) {
    var buffer = new ArrayBuffer(44 + samples.length * 2);
    var v = new DataView(buffer);
    function str(o, s) {
      for (var i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i));
    }
    str(0, 'RIFF');
    v.setUint32(4, 36 + samples.length * 2, true);
    str(8, 'WAVE');
    str(12, 'fmt ');
    v.setUint32(16, 16, true);
    v.setUint16(20, 1, true);
    v.setUint16(22, 1, true);
    v.setUint32(24, rate, true);
    v.setUint32(28, rate * 2, true);
    v.setUint16(32, 2, true);
    v.setUint16(34, 16, true);
    str(36, 'data');
    v.setUint32(40, samples.length * 2, true);
    for (var i = 0; i < samples.length; i++) {
      var s = Math.max(-1, Math.min(1, samples[i]));
      v.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return new Blob([v], { type: 'audio/wav' });
  }

  function downsample(chunks, from, to) {
    var total = 0;
    chunks.forEach(function (c) {
      total += c.length;
    });
    var all = new Float32Array(total);
    var at = 0;
    chunks.forEach(function (c) {
      all.set(c, at);
      at += c.length;
    });
    if (from === to) return all;
    var ratio = from / to;
    var out = new Float32Array(Math.floor(total / ratio));
    for (var i = 0; i < out.length; i++) out[i] = all[Math.floor(i * ratio)];
    return out;
  }

  table.querySelectorAll('td.take').forEach(function (cell) {
    var rec = cell.querySelector('button.record');
    var stop = cell.querySelector('button.stop');
    var status = cell.querySelector('.status');
    if (!rec || !stop) return;
    var session = null;

    rec.addEventListener('click', function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(
        function (stream) {
          var ctx = new AudioContext();
          var source = ctx.createMediaStreamSource(stream);
          var node = ctx.createScriptProcessor(4096, 1, 1);
          var chunks = [];
          node.onaudioprocess = function (e) {
            chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
          };
          source.connect(node);
          node.connect(ctx.destination);
          session = { ctx: ctx, stream: stream, node: node, chunks: chunks };
          rec.hidden = true;
          stop.hidden = false;
          status.textContent = 'Enregistrement…';
        },
        function () {
          status.textContent = 'Micro indisponible : autorisez-le dans le navigateur.';
        },
      );
    });

    stop.addEventListener('click', function () {
      if (!session) return;
      var s = session;
      session = null;
      s.node.disconnect();
      s.stream.getTracks().forEach(function (t) {
        t.stop();
      });
      var wav = encodeWav(downsample(s.chunks, s.ctx.sampleRate, RATE), RATE);
      s.ctx.close();
      status.textContent = 'Envoi…';
      var url =
        '/console/studio/recordings/' +
        cell.getAttribute('data-locale') +
        '/' +
        encodeURIComponent(cell.getAttribute('data-id'));
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'audio/wav', 'x-csrf-token': csrf },
        body: wav,
      })
        .then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
          window.location.assign('/console/studio#p-' + cell.getAttribute('data-id'));
          window.location.reload();
        })
        .catch(function () {
          status.textContent = 'Échec de l’envoi : réessayez.';
          rec.hidden = false;
          stop.hidden = true;
        });
    });
  });
})();
