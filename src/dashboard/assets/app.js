// Lists the task events the gateway streams.
const out = document.getElementById('events');
const tasks = new EventSource('/api/tasks/events');
tasks.addEventListener('task', (e) => { out.textContent += e.data + '\n'; });
