// Screenshots of the busy state after a decision at 1 M members (not committed).
import path from 'node:path';
import { serve, launch } from '../tests/e2e/harness.mjs';
import { importRoster } from './browser-scale.mjs';
const dir = process.argv[2];
const out = process.argv[3] || '/tmp/s27';
const server = await serve();
const browser = await launch();
try {
  const r = await importRoster(browser, server.url, dir, {
    after: async (page) => {
      await page.click('#results tbody tr[data-id] th button');
      await page.waitForSelector('#member-decision');
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
      for (const [width, name] of [[1280, 'wide'], [390, 'phone']]) {
        await page.setViewportSize({ width, height: 900 });
        const value = await page.evaluate(() => {
          const select = document.querySelector('#declared-decision');
          const v = [...select.options].map((o) => o.value).find((v) => v && v !== select.value);
          select.value = v;
          select.dispatchEvent(new Event('change', { bubbles: true }));
          return v;
        });
        await page.waitForSelector('#recount-busy', { timeout: 60000 });
        await page.evaluate(() => document.querySelector('#basis-note').scrollIntoView());
        await page.screenshot({ path: path.join(out, `busy-${name}.png`) });
        const busy = await page.evaluate(() => ({
          note: document.querySelector('#recount-busy')?.textContent,
          busy: [...document.querySelectorAll('[aria-busy="true"]')].map((e) => e.id),
          select: document.querySelector('#declared-decision').value,
        }));
        console.log(width, value, JSON.stringify(busy));
        await page.waitForSelector('#recount-busy', { state: 'detached', timeout: 300000 });
        console.log('done', await page.evaluate(() => document.querySelectorAll('[aria-busy="true"]').length));
      }
      return {};
    },
  });
  console.log('errors', r.errors);
} finally {
  await browser.close();
  server.stop();
}
