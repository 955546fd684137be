// Journeys through the site as people use it, in a real browser: a visitor following links from the
// home page to a partner, its MOU, the signatories and an activity (in Thai and in English); a
// coordinator adding a programme and an activity with participant counts and seeing the home figures
// move, with small counts hidden; forms that keep what was typed when saving fails (and stay
// accessible then); the search box in the header; personal data and the audit log; a coordinator
// importing a spreadsheet on a phone; and a coordinator on a phone adding an indicator to a plan,
// entering a value and taking it through submission and approval, then copying the plan as a template.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  DESKTOP,
  LANGUAGES,
  PHONE,
  axeViolations,
  formatViolations,
  launchBrowser,
  otherLanguage,
  shortUrl,
  switchLanguagePath,
} from './lib.mjs';
import { startServer } from './server.mjs';

/** How long one browser action may wait for an element or a page. */
const STEP_TIMEOUT = 15_000;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const recordUrl = (lang, section) => new RegExp(`/${lang}/${section}/(${UUID})$`);

/** The demo partner the visitor looks for: its page lists the MOUs it signed. */
const PARTNER = { th: 'จังหวัดขอนแก่น', en: 'Khon Kaen Province' };

/**
 * The Khon Kaen learning-city MOU: the MOU itself speaks of 62 signatories; `n` is how many of them
 * are recorded in phakhi (the parties table's rows with the role "signatory").
 */
const DECLARED_SIGNATORIES = {
  th: /ผู้ลงนาม 62 หน่วยงานตามบันทึก · บันทึกในระบบแล้ว (\d+)/,
  en: /62 signatories according to the MOU · (\d+) recorded in phakhi/,
};
const SIGNATORY_ROLE = { th: 'ผู้ลงนาม', en: 'Signatory' };

/** Row labels of the gender breakdowns (participants-by-gender tables). */
const GENDER_LABEL = {
  th: { female: 'หญิง', male: 'ชาย', gender_diverse: 'ผู้มีความหลากหลายทางเพศ (LGBTQ+)' },
  en: { female: 'Female', male: 'Male', gender_diverse: 'Gender-diverse (LGBTQ+)' },
};

const ERROR_TITLE = { th: /^มีข้อผิดพลาด/, en: /^Error/ };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// --- Helpers -------------------------------------------------------------------------------------

/** Signs in through the account page with a demo account (printed by `phakhi demo`). */
async function signIn(page, lang, role = 'admin') {
  const account = server.accounts[role];
  assert.ok(account, `phakhi demo printed no ${role} account`);
  await goto(page, `/${lang}/account`);
  await page.locator('#sign-in-email').fill(account.email);
  await page.locator('#sign-in-password').fill(account.password);
  const answer = await submit(page, page.locator('form[action$="/sign-in"] button[type="submit"]'));
  assert.equal(answer.status(), 303, `signing in as ${role} answered ${answer.status()}`);
}

/** A fresh browser context (no cookies, no cache) and a page in it; closed by the test's `after`. */
async function openContext(t, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT);
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`script error on ${shortUrl(page.url())}: ${error.message}`));
  return { context, page, errors };
}

async function goto(page, where, expectStatus = 200) {
  const response = await page.goto(`${server.baseUrl}${where}`);
  assert.equal(response?.status(), expectStatus, `${where} answered ${response?.status()}`);
  return response;
}

/** Clicks `locator`, which leads to another page matching `url`, and checks that page answered 200. */
async function follow(page, locator, url) {
  await locator.first().waitFor();
  const [response] = await Promise.all([
    // The page's own answer, not a redirect on the way to it.
    page.waitForResponse(
      (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && !(r.status() >= 300 && r.status() < 400),
    ),
    locator.first().click(),
  ]);
  await page.waitForURL(url);
  await page.waitForLoadState('load');
  assert.equal(response.status(), 200, `${shortUrl(response.url())} answered ${response.status()}`);
  return response;
}

/**
 * Presses a form's submit button and waits for the answer: resolves to the response to the POST
 * itself (a 303 after saving, 422 with errors, 200 for "more rows") once the next page has loaded.
 */
async function submit(page, button) {
  const loaded = page.waitForEvent('load');
  loaded.catch(() => {}); // awaited below; no unhandled rejection if the click fails first
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest() && r.frame() === page.mainFrame()),
    button.click(),
  ]);
  await loaded;
  return response;
}

const path = (page) => new URL(page.url()).pathname;

async function assertLang(page, lang) {
  const actual = await page.locator('html').getAttribute('lang');
  assert.equal(actual, lang, `${shortUrl(page.url())} has <html lang="${actual}">, expected "${lang}"`);
}

/**
 * The language switch in the header leads to the same page (same record) in the other language: that
 * page answers 200, says so in <html lang>, and its own switch leads back here.
 */
async function assertLanguageSwitch(context, page, lang) {
  const other = otherLanguage(lang);
  const here = path(page);
  const link = page.locator(`header a[hreflang="${other}"]`);
  assert.equal(await link.count(), 1, `${shortUrl(page.url())} has ${await link.count()} header a[hreflang="${other}"]`);
  const target = new URL(await link.getAttribute('href'), page.url());
  assert.equal(target.pathname, switchLanguagePath(here), `the language switch on ${here} leads to ${shortUrl(target.href)}`);

  const otherPage = await context.newPage();
  try {
    const response = await otherPage.goto(target.href);
    assert.equal(response?.status(), 200, `${shortUrl(target.href)} (the language switch of ${here}) answered ${response?.status()}`);
    await assertLang(otherPage, other);
    const back = await otherPage.locator(`header a[hreflang="${lang}"]`).getAttribute('href');
    assert.equal(new URL(back, target).pathname, here, `the language switch on ${target.pathname} leads back to ${back}, not ${here}`);
    return otherPage.locator('h1').innerText();
  } finally {
    await otherPage.close();
  }
}

/** The rows of a table as arrays of trimmed cell texts (header cells included), body rows only. */
function tableRows(table) {
  return table.evaluate((t) =>
    [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
  );
}

/** `{ label → value }` of a two-column table with the labels in row headers. */
async function tableMap(table) {
  return Object.fromEntries((await tableRows(table)).map(([label, value]) => [label, value]));
}

/** The key figures of the home page, in their order: `{ label, value (number), href }`. */
async function keyFigures(page) {
  const items = await page.locator('ul.figures li').evaluateAll((lis) =>
    lis.map((li) => ({
      label: li.querySelector('.figure-label')?.textContent.trim() ?? '',
      raw: li.querySelector('.figure-value')?.textContent.trim() ?? '',
      href: li.querySelector('a')?.getAttribute('href') ?? '',
    })),
  );
  assert.equal(items.length, 6, `${shortUrl(page.url())} shows ${items.length} key figures, expected 6: ${JSON.stringify(items)}`);
  return items.map((f) => {
    assert.match(f.raw, /^\d[\d,]*$/, `the key figure “${f.label}” is “${f.raw}”, not a number`);
    return { ...f, value: Number(f.raw.replace(/,/g, '')) };
  });
}

/** Values of every control of the form (`name → [values]`), checkboxes and selects included. */
function formValues(form) {
  return form.evaluate((f) => {
    const values = {};
    for (const [name, value] of new FormData(f).entries()) {
      if (typeof value === 'string') (values[name] ??= []).push(value);
    }
    return values;
  });
}

async function assertNoAxeViolations(page, viewports = [PHONE, DESKTOP]) {
  const violations = await axeViolations(page, viewports);
  assert.ok(violations.length === 0, formatViolations(violations, shortUrl(page.url())));
}

// --- 1. A visitor ---------------------------------------------------------------------------------

for (const lang of LANGUAGES) {
  test(`a visitor in ${lang === 'th' ? 'Thai' : 'English'}: home → partner → its MOU and signatories → an activity`, async (t) => {
    const { context, page, errors } = await openContext(t);

    // Home.
    await goto(page, `/${lang}/`);
    await assertLang(page, lang);
    await assertLanguageSwitch(context, page, lang);

    // The main navigation to the partners.
    await follow(page, page.locator(`nav a[href="/${lang}/partners"]`), `**/${lang}/partners`);
    await assertLang(page, lang);
    await assertLanguageSwitch(context, page, lang);
    const cards = page.locator('ul.cards li.card h2.card-title a');
    assert.ok((await cards.count()) >= 20, `/${lang}/partners lists ${await cards.count()} partners, expected the demo's 23`);

    // The partner: its page lists the MOUs it signed.
    await follow(page, cards.filter({ hasText: new RegExp(`^${PARTNER[lang]}$`) }), recordUrl(lang, 'partners'));
    const partnerPath = path(page);
    await assertLang(page, lang);
    assert.equal((await page.locator('h1').innerText()).trim(), PARTNER[lang]);
    const partnerOther = await assertLanguageSwitch(context, page, lang);
    assert.equal(partnerOther.trim(), PARTNER[otherLanguage(lang)], `the other language of ${partnerPath} shows another partner`);
    for (const id of ['networks', 'agreements', 'commitments', 'programmes', 'activities', 'sdgs']) {
      assert.equal(await page.locator(`section.card#${id}`).count(), 1, `${partnerPath} has no section.card#${id}`);
    }
    const agreements = page.locator('#agreements ul.cards li.card');
    assert.ok((await agreements.count()) >= 1, `${partnerPath} lists no agreement in #agreements`);

    // The learning-city MOU (the card that gives the MOU's own count of signatories).
    const mou = agreements.filter({ hasText: DECLARED_SIGNATORIES[lang] });
    assert.equal(await mou.count(), 1, `${partnerPath}: no agreement card in #agreements says ${DECLARED_SIGNATORIES[lang]}`);
    await follow(page, mou.locator('.card-title a'), recordUrl(lang, 'agreements'));
    const agreementPath = path(page);
    await assertLang(page, lang);
    await assertLanguageSwitch(context, page, lang);
    const parties = page.locator('section.card#parties');
    await parties.waitFor();
    const partiesText = await parties.innerText();
    const declared = DECLARED_SIGNATORIES[lang].exec(partiesText);
    assert.ok(declared, `${agreementPath}: #parties does not say ${DECLARED_SIGNATORIES[lang]}:\n${partiesText}`);
    const rows = await tableRows(parties.locator('table'));
    const signatoryRows = rows.filter((r) => r[1] === SIGNATORY_ROLE[lang]);
    assert.equal(
      Number(declared[1]),
      signatoryRows.length,
      `${agreementPath}: #parties says ${declared[1]} recorded, its table has ${signatoryRows.length} row(s) with the role ${SIGNATORY_ROLE[lang]}`,
    );
    assert.ok(
      rows.some((r) => r[0] === PARTNER[lang]),
      `${agreementPath}: the partner we came from, ${PARTNER[lang]}, is not among the parties: ${rows.map((r) => r[0]).join(', ')}`,
    );
    assert.equal(
      await parties.locator(`a[href="${partnerPath}"]`).count(),
      1,
      `${agreementPath}: #parties does not link back to ${partnerPath}`,
    );
    for (const id of ['commitments', 'documents']) {
      assert.equal(await page.locator(`section.card#${id}`).count(), 1, `${agreementPath} has no section.card#${id}`);
    }

    // The activities, by the main navigation, and one of them.
    await follow(page, page.locator(`nav a[href="/${lang}/activities"]`), `**/${lang}/activities`);
    await assertLang(page, lang);
    await assertLanguageSwitch(context, page, lang);
    const activities = page.locator('ul.cards li.card h2.card-title a');
    assert.ok((await activities.count()) >= 5, `/${lang}/activities lists ${await activities.count()} activities, expected the demo's 5`);
    const activityTitle = (await activities.first().innerText()).trim();
    await follow(page, activities.first(), recordUrl(lang, 'activities'));
    const activityPath = path(page);
    await assertLang(page, lang);
    assert.equal((await page.locator('h1').innerText()).trim(), activityTitle, `${activityPath} is not the activity whose card was clicked`);
    for (const id of ['facts', 'participation']) {
      assert.equal(await page.locator(`section.card#${id}`).count(), 1, `${activityPath} has no section.card#${id}`);
    }
    assert.ok((await page.locator('#facts dl dt').count()) >= 3, `${activityPath}: #facts lists fewer than 3 facts`);

    // The language switch, clicked this time: the same activity in the other language.
    const other = otherLanguage(lang);
    await follow(page, page.locator(`header a[hreflang="${other}"]`), `**${switchLanguagePath(activityPath)}`);
    assert.equal(path(page), switchLanguagePath(activityPath));
    await assertLang(page, other);
    await page.locator('section.card#facts').waitFor();

    assert.deepEqual(errors, []);
  });
}

// --- 2. A coordinator -----------------------------------------------------------------------------

test('a coordinator adds a programme and an activity with participants: figures grow, small counts stay hidden', async (t) => {
  const { page, errors } = await openContext(t);
  const FY = 2567;
  const stamp = Date.now().toString(36);

  // The figures before.
  await goto(page, `/th/?fy=${FY}`);
  const before = await keyFigures(page);
  assert.match(before[3].href, new RegExp(`/th/programmes\\?fiscal_year=${FY}$`), `4th key figure: ${JSON.stringify(before[3])}`);
  assert.match(before[4].href, new RegExp(`/th/activities\\?fiscal_year=${FY}$`), `5th key figure: ${JSON.stringify(before[4])}`);

  // A new programme for FY 2567.
  await signIn(page, 'th');
  await goto(page, '/th/programmes/new');
  const programmeTitle = `โครงการทดสอบเส้นทางผู้ประสานงาน ${stamp}`;
  await page.locator('#f-title_th').fill(programmeTitle);
  await page.locator('#f-title_en').fill(`Coordinator journey test programme ${stamp}`);
  await page.locator('#f-fiscal_year').fill(String(FY));
  await page.locator('#f-status').selectOption('active');
  await page.locator('#f-lead_organization_id').selectOption({ index: 1 });
  const targetGroup = page.locator('#f-target_groups input[type="checkbox"]').first();
  const targetGroupLabel = (await targetGroup.locator('xpath=..').innerText()).trim();
  await targetGroup.check();
  const saved = await submit(page, page.locator('button[name="_action"][value="save"]'));
  assert.equal(saved.status(), 303, `saving the programme answered ${saved.status()}; the page says:\n${await page.locator('main').innerText()}`);
  await page.waitForURL(recordUrl('th', 'programmes'));
  const programmeId = recordUrl('th', 'programmes').exec(path(page))[1];
  assert.equal((await page.locator('h1').innerText()).trim(), programmeTitle);
  const programmeFacts = await page.locator('#facts').innerText();
  assert.ok(programmeFacts.includes(String(FY)), `the new programme's #facts do not give FY ${FY}:\n${programmeFacts}`);
  assert.ok(programmeFacts.includes(targetGroupLabel), `the new programme's #facts do not list the target group ${targetGroupLabel}:\n${programmeFacts}`);

  // Its link to add an activity: the programme is chosen already.
  await follow(page, page.locator(`a[href*="/activities/new?programme_id="]`), /\/th\/activities\/new\?programme_id=/);
  assert.equal(await page.locator('#f-programme_id').inputValue(), programmeId, 'the activity form does not pre-select the programme');

  const activityTitle = `อบรมทดสอบเส้นทางผู้ประสานงาน ${stamp}`;
  await page.locator('#f-title_th').fill(activityTitle);
  await page.locator('#f-kind').selectOption('training');
  await page.locator('#f-starts_at').fill('2024-03-15T09:00');
  await page.locator('#f-mode').selectOption('onsite');
  const rows = [
    { gender: 'female', age_band: '15-24', count: '12' },
    { gender: 'gender_diverse', age_band: '15-24', count: '3' },
    { gender: 'male', age_band: '25-59', count: '20' },
  ];
  const fillRow = async (i, row) => {
    await page.locator(`#f-participation-${i}-gender`).selectOption(row.gender);
    await page.locator(`#f-participation-${i}-age_band`).selectOption(row.age_band);
    await page.locator(`#f-participation-${i}-count`).fill(row.count);
  };
  await fillRow(0, rows[0]);
  await fillRow(1, rows[1]);
  assert.equal(await page.locator('#f-participation-2-gender').count(), 0, 'the blank form offers more than two participation rows');

  // "More rows": the form comes back with room for a third row, nothing saved, nothing lost.
  const more = await submit(page, page.locator('button[name="_action"][value="more:participation"]'));
  assert.equal(more.status(), 200, `"more rows" answered ${more.status()}`);
  assert.equal(await page.locator('.error-summary').count(), 0, '"more rows" showed errors');
  assert.equal(await page.locator('#f-title_th').inputValue(), activityTitle);
  assert.equal(await page.locator('#f-programme_id').inputValue(), programmeId, 'the programme was lost by "more rows"');
  assert.equal(await page.locator('#f-kind').inputValue(), 'training');
  assert.equal(await page.locator('#f-starts_at').inputValue(), '2024-03-15T09:00');
  assert.equal(await page.locator('#f-mode').inputValue(), 'onsite');
  for (const [i, row] of rows.slice(0, 2).entries()) {
    for (const [field, value] of Object.entries(row)) {
      assert.equal(await page.locator(`#f-participation-${i}-${field}`).inputValue(), value, `participation row ${i} lost its ${field} in "more rows"`);
    }
  }
  await fillRow(2, rows[2]);

  const savedActivity = await submit(page, page.locator('button[name="_action"][value="save"]'));
  assert.equal(savedActivity.status(), 303, `saving the activity answered ${savedActivity.status()}; the page says:\n${await page.locator('main').innerText()}`);
  await page.waitForURL(recordUrl('th', 'activities'));
  const activityPath = path(page);
  assert.equal((await page.locator('h1').innerText()).trim(), activityTitle);
  assert.equal(
    await page.locator(`#facts a[href="/th/programmes/${programmeId}"]`).count(),
    1,
    `${activityPath}: #facts does not link the programme`,
  );

  // Signed in with a role over it, the exact figures, and a note that the public sees less.
  const exactGender = await tableMap(page.locator('section.card#participation table').first());
  assert.equal(exactGender[GENDER_LABEL.th.gender_diverse], '3', `${activityPath} signed in: ${JSON.stringify(exactGender)}`);
  assert.equal(await page.locator('#exact-figures').count(), 1, `${activityPath}: no note that these figures are exact`);

  // The public's view of the activity's participants: 35 in all; 3 gender-diverse is hidden, and so
  // is a second cell.
  const visitor = (await openContext(t)).page;
  await goto(visitor, activityPath);
  assert.equal(await visitor.locator('#exact-figures').count(), 0, `${activityPath}: the public is told of exact figures`);
  const participation = visitor.locator('section.card#participation');
  const participationText = await participation.innerText();
  assert.match(participationText, /\b35\b/, `${activityPath}: #participation does not show the total 35:\n${participationText}`);
  const genderTable = participation.locator('table').first();
  const gender = await tableMap(genderTable);
  const L = GENDER_LABEL.th;
  assert.equal(gender[L.gender_diverse], '<5', `${activityPath}: gender-diverse shows ${gender[L.gender_diverse]}: ${JSON.stringify(gender)}`);
  assert.equal(gender[L.male], '20', `${activityPath}: male shows ${gender[L.male]}: ${JSON.stringify(gender)}`);
  assert.equal(
    gender[L.female],
    '<5',
    `${activityPath}: with the total shown, female 12 gives away gender-diverse 3 (35 − 20 − 12); it shows ${gender[L.female]}: ${JSON.stringify(gender)}`,
  );
  const genderCells = Object.values(gender);
  assert.ok(!genderCells.includes('3') && !genderCells.includes('12'), `${activityPath}: a hidden count shows: ${JSON.stringify(gender)}`);
  // Nor in the chart drawn above the table (its text, titles and description).
  const chartText = await participation.locator('svg').first().evaluate((svg) => svg.textContent);
  assert.doesNotMatch(chartText, /(^|[^\d<])(3|12)(?!\d)/, `${activityPath}: the chart gives away a hidden count: ${chartText}`);

  // The home figures after: one programme, one activity and 35 participants more.
  await goto(page, `/th/?fy=${FY}`);
  const afterFigures = await keyFigures(page);
  const change = (i) => afterFigures[i].value - before[i].value;
  assert.deepEqual(
    { programmes: change(3), activities: change(4), participants: change(5) },
    { programmes: 1, activities: 1, participants: 35 },
    `/th/?fy=${FY}: key figures before ${JSON.stringify(before.map((f) => f.value))}, after ${JSON.stringify(afterFigures.map((f) => f.value))}`,
  );
  const homeGender = page.locator('figure.chart#participants-by-gender');
  await homeGender.waitFor({ state: 'attached' });
  const homeGenderRows = await tableRows(homeGender.locator('details table'));
  assert.ok(homeGenderRows.length >= 3, `/th/?fy=${FY}: #participants-by-gender has ${homeGenderRows.length} table rows`);
  const homeGenderCells = homeGenderRows.flatMap((r) => r.slice(1));
  assert.ok(!homeGenderCells.includes('3'), `/th/?fy=${FY}: #participants-by-gender shows a 3: ${JSON.stringify(homeGenderRows)}`);
  if (before[5].value === 0) {
    // A fresh demo (no participants before): the year's breakdown is this activity's, so hidden as there.
    assert.ok(homeGenderCells.includes('<5'), `/th/?fy=${FY}: #participants-by-gender hides nothing: ${JSON.stringify(homeGenderRows)}`);
  } else {
    t.diagnostic(`FY ${FY} had ${before[5].value} participants before (not a fresh demo): whether the year's gender table hides a cell is not checked`);
  }

  assert.deepEqual(errors, []);
});

// --- 3. Forms keep what was typed -----------------------------------------------------------------

for (const lang of LANGUAGES) {
  test(`${lang === 'th' ? 'Thai' : 'English'} activity form with mistakes: 422, errors linked to the fields, nothing typed is lost, no axe violation`, async (t) => {
    const { page, errors } = await openContext(t);
    const stamp = Date.now().toString(36);
    await signIn(page, lang);
    await goto(page, `/${lang}/activities/new`);

    const typed = {
      '#f-title_th': `กิจกรรมทดสอบแบบฟอร์ม ${stamp}`,
      '#f-title_en': `Form test activity ${stamp}`,
      '#f-venue_en': 'Kaen Mueang meeting room',
      '#f-participation-0-count': 'abc',
    };
    const chosen = {
      '#f-kind': 'workshop',
      '#f-mode': 'hybrid',
      '#f-participation-0-gender': 'female',
      '#f-participation-0-age_band': '60+',
    };
    for (const [selector, value] of Object.entries(typed)) await page.locator(selector).fill(value);
    for (const [selector, value] of Object.entries(chosen)) await page.locator(selector).selectOption(value);
    const women = page.locator('#f-target_groups input[value="women"]');
    await women.check();
    // starts_at is left empty.

    const answer = await submit(page, page.locator('button[name="_action"][value="save"]'));
    assert.equal(answer.status(), 422, `saving with mistakes answered ${answer.status()}`);
    assert.equal(path(page), `/${lang}/activities/new`);
    await assertLang(page, lang);
    const title = await page.title();
    assert.match(title, ERROR_TITLE[lang], `the <title> of the form with errors is “${title}”`);

    // The summary names exactly the two mistakes and links to their fields.
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const links = await summary.locator('a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual([...links].sort(), ['#f-participation-0-count', '#f-starts_at'], `the error summary links to ${links.join(', ')}`);
    for (const href of links) {
      const field = page.locator(href);
      assert.equal(await field.count(), 1, `the error summary links to ${href}, which is not on the page`);
      assert.equal(await field.getAttribute('aria-invalid'), 'true', `${href} is not aria-invalid="true"`);
      // The message next to the field, and tied to it by aria-describedby.
      const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
      const message = await page.evaluate(
        (ids) => ids.split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.querySelector('.error-text')?.textContent.trim()).find(Boolean),
        describedBy,
      );
      assert.ok(message, `${href} has no .error-text among its aria-describedby (${describedBy || 'none'})`);
      // The summary names the field (several can share a message) and repeats its message.
      const summaryText = (await summary.locator(`a[href="${href}"]`).innerText()).trim();
      const label = await page.locator(`label[for="${href.slice(1)}"]`).first().evaluate((l) => {
        const copy = l.cloneNode(true);
        copy.querySelector('.required')?.remove();
        return copy.textContent.trim();
      });
      assert.equal(summaryText, `${label}: ${message}`, `the summary says “${summaryText}” for ${href}, the field says “${message}”`);
    }
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 2, 'fields other than the two mistakes are marked invalid');

    // Everything typed is still there.
    for (const [selector, value] of Object.entries({ ...typed, ...chosen })) {
      assert.equal(await page.locator(selector).inputValue(), value, `${selector} lost what was typed`);
    }
    assert.ok(await women.isChecked(), 'the ticked target group is no longer ticked');
    assert.equal(await page.locator('#f-starts_at').inputValue(), '');

    // The error state is accessible too.
    await assertNoAxeViolations(page);

    // Corrected, it saves and leads to the new activity.
    await page.locator('#f-starts_at').fill('2025-01-10T09:00');
    await page.locator('#f-participation-0-count').fill('7');
    const saved = await submit(page, page.locator('button[name="_action"][value="save"]'));
    assert.equal(saved.status(), 303, `saving the corrected form answered ${saved.status()}; the page says:\n${await page.locator('main').innerText()}`);
    await page.waitForURL(recordUrl(lang, 'activities'));
    await assertLang(page, lang);
    const heading = (await page.locator('h1').innerText()).trim();
    assert.equal(heading, lang === 'th' ? typed['#f-title_th'] : typed['#f-title_en']);
    assert.match(await page.locator('#facts').innerText(), /Kaen Mueang meeting room/, 'the venue was not saved');
    assert.match(await page.locator('section.card#participation').innerText(), /\b7\b/, 'the participants were not saved');

    assert.deepEqual(errors, []);
  });
}

test(
  'the error summary lists the mistakes in the order of the fields on the page',
  async (t) => {
    const { page } = await openContext(t);
    await signIn(page, 'en');
    await goto(page, '/en/activities/new');
    await page.locator('#f-participation-0-count').fill('abc');
    const answer = await submit(page, page.locator('button[name="_action"][value="save"]'));
    assert.equal(answer.status(), 422);
    const listed = await page.locator('.error-summary a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const onPage = await page.locator('form [aria-invalid="true"]').evaluateAll((els) => els.map((el) => `#${el.id}`));
    assert.ok(listed.length >= 2, `the summary lists ${listed.join(', ')}`);
    assert.deepEqual(listed, onPage, 'the error summary is not in the order of the fields');
  },
);

test('an edit form with the required Thai name cleared: 422, the error at #f-name_th, the stored values kept', async (t) => {
  const { page, errors } = await openContext(t);
  await signIn(page, 'th');
  await goto(page, '/th/partners');
  await follow(page, page.locator('ul.cards li.card h2.card-title a').filter({ hasText: new RegExp(`^${PARTNER.th}$`) }), recordUrl('th', 'partners'));
  const partnerPath = path(page);
  await goto(page, `${partnerPath}/edit`);
  const form = page.locator('main form[method="post"]');
  const stored = await formValues(form);
  assert.deepEqual(stored.name_th, [PARTNER.th], `the edit form's name_th holds ${JSON.stringify(stored.name_th)}`);

  await page.locator('#f-name_th').fill('');
  const answer = await submit(page, page.locator('button[name="_action"][value="save"]'));
  assert.equal(answer.status(), 422, `saving without a Thai name answered ${answer.status()}`);
  assert.match(await page.title(), ERROR_TITLE.th);
  const name = page.locator('#f-name_th');
  assert.equal(await name.getAttribute('aria-invalid'), 'true', '#f-name_th is not aria-invalid="true"');
  const fieldError = page.locator('.field:has(#f-name_th) .error-text');
  assert.equal(await fieldError.count(), 1, 'no .error-text next to #f-name_th');
  assert.ok((await fieldError.innerText()).trim(), 'the error next to #f-name_th is empty');
  assert.equal(await page.locator('.error-summary a[href="#f-name_th"]').count(), 1, 'the error summary does not link to #f-name_th');

  const kept = await formValues(page.locator('main form[method="post"]'));
  assert.deepEqual(kept, { ...stored, name_th: [''] }, 'the edit form with an error does not hold the stored values');
  await assertNoAxeViolations(page);

  // Nothing was saved.
  await goto(page, partnerPath);
  assert.equal((await page.locator('h1').innerText()).trim(), PARTNER.th);

  assert.deepEqual(errors, []);
});

// --- 4. The search box ----------------------------------------------------------------------------

test('the search box in the header finds สิทธิมนุษยชน, marks it in the results, and the results open', async (t) => {
  const { page, errors } = await openContext(t);
  const word = 'สิทธิมนุษยชน';
  await goto(page, '/th/');
  const box = page.locator('header #site-q');
  await box.fill(word);
  await Promise.all([page.waitForURL((url) => url.pathname === '/th/search'), box.press('Enter')]);
  await page.waitForLoadState('load');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), word, `the search box led to ${shortUrl(page.url())}`);
  await assertLang(page, 'th');

  const hits = page.locator('ol.hits > li');
  const count = await hits.count();
  assert.ok(count >= 3, `/th/search?q=${word} lists ${count} result(s)`);
  // Each of the first results marks the word: adjacent <mark>s (one per Thai word segment) together
  // cover the whole of it.
  const marked = await hits.evaluateAll((lis) =>
    lis.slice(0, 3).map((li) => {
      const runs = [];
      let run = '';
      for (const node of li.querySelectorAll('mark')) {
        const previous = node.previousSibling;
        const adjacent = previous && previous.nodeName === 'MARK';
        if (!adjacent && run) {
          runs.push(run);
          run = '';
        }
        run += node.textContent;
      }
      if (run) runs.push(run);
      return { title: li.querySelector('.card-title')?.textContent.trim(), runs };
    }),
  );
  for (const hit of marked) {
    assert.ok(hit.runs.includes(word), `the result “${hit.title}” does not mark ${word}; marked: ${JSON.stringify(hit.runs)}`);
  }

  // The first result opens.
  const first = hits.first().locator('.card-title a');
  const href = await first.getAttribute('href');
  await follow(page, first, (u) => u.pathname === new URL(href, url).pathname);
  await assertLang(page, 'th');
  await page.locator('main h1').waitFor();

  assert.deepEqual(errors, []);
});

// --- 5. Personal data and the audit log ------------------------------------------------------------

for (const lang of LANGUAGES) {
  test(`${lang === 'th' ? 'Thai' : 'English'}: an admin records a person with consent, corrects and erases them; the audit log shows it; no axe violation`, async (t) => {
    const { page, errors } = await openContext(t);
    await signIn(page, lang);
    // The demo's first activity (the activities list is newest first; any will do).
    await goto(page, `/${lang}/activities`);
    await follow(page, page.locator('ul.cards .card-title a'), recordUrl(lang, 'activities'));
    const activityPath = path(page);
    await follow(page, page.locator(`a[href="${activityPath}/participants"]`), new RegExp(`${activityPath}/participants$`));
    await assertNoAxeViolations(page);

    // A person with a gender identity but no consent: refused on the consent field, nothing lost.
    await follow(page, page.locator(`a[href="${activityPath}/participants/new"]`), /\/participants\/new$/);
    const name = `ทดสอบ ผู้เข้าร่วม ${Date.now().toString(36)}`;
    await page.locator('#f-full_name').fill(name);
    await page.locator('#f-gender').selectOption('gender_diverse');
    const refused = await submit(page, page.locator('button[name="_action"][value="save"]'));
    assert.equal(refused.status(), 422, `a gender identity without consent answered ${refused.status()}`);
    assert.equal(await page.locator('.error-summary a[href="#f-consent_purpose"]').count(), 1, 'the error does not lead to the consent field');
    assert.equal(await page.locator('#f-full_name').inputValue(), name);
    await assertNoAxeViolations(page, [PHONE]);
    await page.locator('#f-consent_purpose').fill('รายงานตัวชี้วัดความเท่าเทียมทางเพศ');
    await page.locator('#f-consent_given_on').fill('2024-03-15');
    const saved = await submit(page, page.locator('button[name="_action"][value="save"]'));
    assert.equal(saved.status(), 303, `recording the person answered ${saved.status()}:\n${await page.locator('main').innerText()}`);
    const row = page.locator('#people tbody tr', { hasText: name });
    assert.equal(await row.count(), 1, `${path(page)} does not list ${name}`);

    // Erase after a confirmation page; the person is gone from the list.
    await follow(page, row.locator('a[href$="/erase"]'), /\/participants\/[0-9a-f-]+\/erase$/);
    await assertNoAxeViolations(page, [PHONE]);
    const erased = await submit(page, page.locator('button.danger'));
    assert.equal(erased.status(), 303);
    assert.equal(await page.locator('#people tbody tr', { hasText: name }).count(), 0, `${name} is still listed after erasure`);

    // The audit log: the person was recorded and erased, with no name in the log.
    await goto(page, `/${lang}/audit?entity=participant`);
    const log = await page.locator('main').innerText();
    assert.ok(!log.includes(name), 'the audit log holds the erased person\'s name');
    assert.ok((await page.locator('ul.cards > li').count()) >= 2, 'the audit log lacks the recording and the erasure');
    await assertNoAxeViolations(page);
    assert.deepEqual(errors, []);
  });
}

// --- 6. Importing a spreadsheet --------------------------------------------------------------------

test('a coordinator imports a CSV on a phone: upload, a preview with counts and the error row, only the valid rows imported', async (t) => {
  const { page, errors } = await openContext(t, PHONE);
  const stamp = Date.now().toString(36);
  // A network's coordinator may write its members' records: the activities are Khon Kaen Province's.
  await signIn(page, 'th', 'coordinator');

  // From the activities list to the upload form, with the kind chosen.
  await goto(page, '/th/activities');
  await follow(page, page.locator('a[href="/th/import?kind=activities"]'), /\/th\/import\?kind=activities$/);
  assert.equal(await page.locator('input[name="kind"][value="activities"]').isChecked(), true, 'the kind is not chosen');
  await assertNoAxeViolations(page);

  // A report as offices keep it: a title row, Thai headers, a Buddhist Era date, a blank row and an
  // impossible date (row 5).
  const valid = `อบรมทดสอบการนำเข้า ${stamp}`;
  const invalid = `ประชุมทดสอบการนำเข้า ${stamp}`;
  const csv = [
    'รายงานผลการดำเนินกิจกรรม ปีงบประมาณ ๒๕๖๗,,,,,',
    'ชื่อกิจกรรม,ประเภทกิจกรรม,วันที่จัด,หน่วยงานผู้จัด,จังหวัด,รวม (คน)',
    `${valid},อบรม,15/1/2567,${PARTNER.th},ขอนแก่น,30`,
    ',,,,,',
    `${invalid},ประชุม,31/2/2567,${PARTNER.th},ขอนแก่น,10`,
  ].join('\n');
  await page.locator('#import-file').setInputFiles({ name: 'รายงานกิจกรรม.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\n`) });
  const uploaded = await submit(page, page.locator('form.import-upload button[type="submit"]'));
  assert.equal(uploaded.status(), 303, `the upload answered ${uploaded.status()}:\n${await page.locator('main').innerText()}`);
  await page.waitForURL(new RegExp(`/th/import/${UUID}$`));

  // The preview: nothing written yet, the counts, the error with its row and column.
  assert.equal((await page.locator('h1').innerText()).trim(), 'ตรวจสอบก่อนนำเข้า');
  const counts = Object.fromEntries(
    await page.locator('ul.import-counts li').evaluateAll((lis) =>
      lis.map((li) => [li.querySelector('.figure-label').textContent.trim(), Number(li.querySelector('.figure-value').textContent)]),
    ),
  );
  assert.deepEqual(counts, { เพิ่มใหม่: 1, ปรับปรุง: 0, ไม่เปลี่ยนแปลง: 0, ผิดพลาด: 1 });
  const errorRow = await page.locator('#row-5').innerText();
  assert.ok(errorRow.includes('วันที่จัด') && errorRow.includes('31/2/2567'), `row 5 does not name its column and value:\n${errorRow}`);
  assert.equal(await page.locator('#row-4').count(), 0, 'the blank row is reported');
  assert.equal(await page.locator('select#map-2').inputValue(), 'date', 'column C is not read as the date');
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(width[0] <= width[1], `the preview scrolls sideways at ${PHONE.width} px: ${width[0]} > ${width[1]}`);
  await assertNoAxeViolations(page);

  // Only the valid rows: the result links the new activity.
  const imported = await submit(page, page.locator('button[name="_action"][value="valid"]'));
  assert.equal(imported.status(), 200, `importing answered ${imported.status()}:\n${await page.locator('main').innerText()}`);
  assert.equal((await page.locator('h1').innerText()).trim(), 'ผลการนำเข้า');
  assert.equal(await page.locator('button[name="_action"]').count(), 0, 'the result still offers to import');
  await assertNoAxeViolations(page, [PHONE]);
  await follow(page, page.locator('#row-3 a'), recordUrl('th', 'activities'));
  assert.equal((await page.locator('h1').innerText()).trim(), valid);

  // The invalid row was left out.
  await goto(page, `/th/activities?q=${encodeURIComponent(stamp)}`);
  const titles = await page.locator('ul.cards .card-title').allInnerTexts();
  assert.deepEqual(titles.map((s) => s.trim()), [valid]);
  assert.deepEqual(errors, []);
});

// --- 7. Plans and indicators ------------------------------------------------------------------------

/** The demo's Chiang Mai human-rights plan, kept by a network the demo coordinator coordinates. */
const RIGHTS_PLAN = 'แผนสิทธิมนุษยชนจังหวัดเชียงใหม่ (ร่าง)';

async function assertNoSidewaysScroll(page) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= inner, `${shortUrl(page.url())} scrolls sideways at ${inner} px: ${scroll} > ${inner}`);
}

test('a coordinator on a phone adds an indicator, a bad formula shows where it is wrong, a value goes from draft to approved, the plan is copied', async (t) => {
  const { page, errors } = await openContext(t, PHONE);
  const stamp = Date.now().toString(36);
  await signIn(page, 'th', 'coordinator');

  // From the navigation to the plan, and from the plan to a new indicator for it.
  await goto(page, '/th/');
  await follow(page, page.locator('nav a[href="/th/plans"]'), /\/th\/plans$/);
  await follow(page, page.locator('ul.cards .card-title a').filter({ hasText: RIGHTS_PLAN }), recordUrl('th', 'plans'));
  const planPath = path(page);
  const planId = recordUrl('th', 'plans').exec(planPath)[1];
  assert.ok((await page.locator('#progress a[href*="/th/indicators/"]').count()) > 0, 'the plan tree does not link its indicators');
  await follow(page, page.locator(`a[href="/th/indicators/new?plan_id=${planId}"]`), /\/th\/indicators\/new/);
  assert.equal(await page.locator('#f-plan_id').inputValue(), planId, 'the indicator form does not pre-select the plan');

  const name = `จำนวนเวทีรับฟังความเห็นด้านสิทธิมนุษยชน ${stamp}`;
  await page.locator('#f-code').fill(`9.${stamp}`);
  await page.locator('#f-name_th').fill(name);
  await page.locator('#f-unit_th').fill('ครั้ง');
  await page.locator('#f-direction').selectOption('higher_is_better');
  await page.locator('#f-baseline_value').fill('1');
  await page.locator('#f-baseline_year').fill('2566');
  await page.locator('#f-targets-0-fiscal_year').fill('2570');
  await page.locator('#f-targets-0-value').fill('6');
  await page.locator('#f-formula').fill('count(activites, kind = forum)');
  const refused = await submit(page, page.locator('button[name="_action"][value="save"]'));
  assert.equal(refused.status(), 422, `a misspelt formula answered ${refused.status()}`);
  assert.match(await page.title(), ERROR_TITLE.th);
  const formulaError = (await page.locator('.field:has(#f-formula) .error-text').innerText()).trim();
  assert.match(formulaError, /ตำแหน่งที่ 7/, `the formula's error does not give its position: ${formulaError}`);
  assert.equal(await page.locator('#f-formula').inputValue(), 'count(activites, kind = forum)', 'the formula typed is lost');
  assert.equal(await page.locator('#f-name_th').inputValue(), name, 'the name typed is lost');
  assert.equal(await page.locator('.error-summary a[href="#f-formula"]').count(), 1, 'the error summary does not link to the formula');
  await assertNoSidewaysScroll(page);
  await assertNoAxeViolations(page);

  // Without a formula its values are entered by hand.
  await page.locator('#f-formula').fill('');
  const saved = await submit(page, page.locator('button[name="_action"][value="save"]'));
  assert.equal(saved.status(), 303, `saving the indicator answered ${saved.status()}:\n${await page.locator('main').innerText()}`);
  await page.waitForURL(recordUrl('th', 'indicators'));
  const indicatorPath = path(page);
  assert.equal((await page.locator('h1').innerText()).trim(), name);
  const years = await page.locator('#years').innerText();
  assert.ok(years.includes('ปีงบประมาณ 2570'), `the targets by fiscal year are not in Buddhist Era years:\n${years}`);

  // A value: saved as a draft, submitted, approved — each step a button the coordinator is offered.
  await follow(page, page.locator('a[href$="/values/new"]'), /\/values\/new$/);
  await page.locator('#f-fiscal_year').fill('2567');
  await page.locator('#f-value').fill('3');
  await page.locator('#f-source').fill(`รายงานการประชุม ${stamp}`);
  const entered = await submit(page, page.locator('button[name="_action"][value="save"]'));
  assert.equal(entered.status(), 303, `entering a value answered ${entered.status()}:\n${await page.locator('main').innerText()}`);
  const value = page.locator('#values li.card').filter({ hasText: stamp });
  assert.equal((await value.locator('.badge').innerText()).trim(), 'ร่าง');
  for (const [step, status] of [['submit', 'ส่งตรวจแล้ว'], ['approve', 'อนุมัติแล้ว']]) {
    const answer = await submit(page, value.locator(`button[name="step"][value="${step}"]`));
    assert.equal(answer.status(), 303, `${step} answered ${answer.status()}:\n${await page.locator('main').innerText()}`);
    assert.equal((await value.locator('.badge').innerText()).trim(), status, `after ${step}`);
  }
  assert.equal(await value.locator('button[value="approve"]').count(), 0, 'an approved value still offers approval');
  const approvedYears = await tableRows(page.locator('#years table'));
  const year2567 = approvedYears.find((row) => row[0] === 'ปีงบประมาณ 2567');
  assert.equal(year2567?.[2], '3 ครั้ง', `the approved value is not in its year: ${JSON.stringify(approvedYears)}`);
  await assertNoSidewaysScroll(page);
  await assertNoAxeViolations(page);

  // The public sees the approved value, and no button.
  const visitor = await openContext(t, PHONE);
  await goto(visitor.page, indicatorPath);
  assert.ok((await visitor.page.locator('#values').innerText()).includes('อนุมัติแล้ว'), 'the public does not see the approved value');
  assert.equal(await visitor.page.locator('button[name="step"]').count(), 0, 'the public is offered a workflow step');

  // Copy the plan as a template: a new draft with the same tree.
  await goto(page, planPath);
  await follow(page, page.locator(`a[href="/th/plans/${planId}/copy"]`), /\/copy$/);
  await page.locator('#f-code').fill(`copy-${stamp}`);
  await page.locator('#f-title_th').fill(`แผนทดสอบคัดลอก ${stamp}`);
  const copied = await submit(page, page.locator('button[name="_action"][value="save"]'));
  assert.equal(copied.status(), 303, `copying answered ${copied.status()}:\n${await page.locator('main').innerText()}`);
  await page.waitForURL(recordUrl('th', 'plans'));
  assert.notEqual(path(page), planPath);
  const facts = await page.locator('#facts').innerText();
  assert.ok(facts.includes(RIGHTS_PLAN), `the copy does not say what it was copied from:\n${facts}`);
  assert.ok((await page.locator('#progress li.plan-item').count()) > 0, 'the copy has no tree');
  assert.deepEqual(errors, []);
  assert.deepEqual(visitor.errors, []);
});
