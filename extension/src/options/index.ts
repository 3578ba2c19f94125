/** The options page: the Deputy servers to read sessions from and the host pages to inspect. */
import { browser, loadSettings, saveSettings } from '../browser.ts';
import { originPattern, toOrigin, type Settings } from '../servers.ts';

const status = document.querySelector<HTMLElement>('#status')!;

async function render(): Promise<void> {
  const settings = await loadSettings();
  renderList('#servers', settings, 'servers');
  renderList('#pages', settings, 'pages');
}

function renderList(selector: string, settings: Settings, key: keyof Settings): void {
  const list = document.querySelector<HTMLUListElement>(selector)!;
  list.replaceChildren(
    ...settings[key].map((origin) => {
      const item = document.createElement('li');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove ${origin}`);
      remove.addEventListener('click', () => void update(key, (list) => list.filter((o) => o !== origin)));
      item.append(origin, ' ', remove);
      return item;
    }),
  );
  if (settings[key].length === 0) {
    const none = document.createElement('li');
    none.className = 'muted';
    none.textContent = 'None yet.';
    list.append(none);
  }
}

async function update(key: keyof Settings, change: (list: string[]) => string[]): Promise<void> {
  const settings = await loadSettings();
  await saveSettings({ ...settings, [key]: change(settings[key]) });
  await render();
}

function onAdd(formSelector: string, key: keyof Settings): void {
  const form = document.querySelector<HTMLFormElement>(formSelector)!;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = form.elements.namedItem('url') as HTMLInputElement;
    const origin = toOrigin(input.value);
    if (!origin) {
      status.textContent = 'Enter an http or https URL.';
      return;
    }
    // Asked within the click's user gesture (granted origins, like loopback, answer at once).
    void browser.permissions
      .request({ origins: [originPattern(origin)] })
      .then(async (granted) => {
        if (!granted) {
          status.textContent = `Without access to ${origin} the extension cannot read your session there.`;
          return;
        }
        await update(key, (list) => (list.includes(origin) ? list : [...list, origin]));
        input.value = '';
        status.textContent = `Added ${origin}.`;
      });
  });
}

onAdd('#add-server', 'servers');
onAdd('#add-page', 'pages');
void render();
