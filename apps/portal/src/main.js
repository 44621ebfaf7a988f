document.getElementById('app').textContent = 'Webhooks';
