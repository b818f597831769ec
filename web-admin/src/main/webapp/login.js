// The sign-in form's messages (a separate file: the Content-Security-Policy allows no inline script).
const params = new URLSearchParams(location.search);
const message = document.getElementById('message');
if (params.has('failed')) { message.textContent = 'Wrong user or password.'; message.hidden = false; }
if (params.has('throttled')) {
  const seconds = parseInt(params.get('throttled'), 10);
  message.textContent = 'Too many failed sign-ins: try again in ' + (seconds > 0 ? seconds : 60) + ' s.';
  message.hidden = false;
}
if (params.has('logged-out')) { message.textContent = 'Signed out.'; message.className = 'info'; message.hidden = false; }
