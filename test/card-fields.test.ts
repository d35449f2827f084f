import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CardFields, looksLikeCard, readCard } from '../src/media/card-fields.ts';

/**
 * Field extraction from the text OCR reads off business cards: layouts, legal forms, phone formats, accents
 * and the noise a camera adds. Each text is as tesseract returns it (line breaks, stray marks included).
 */

const cards: { about: string; text: string; want: CardFields }[] = [
  {
    about: 'the clean card as tesseract read it',
    text: 'Blue Harbor Logistics Inc.\n\nMaria Gonzalez\n\nHead of Purchasing\n\n+1415 555 0142\nmaria.gonzalez@blueharbor.example\nwww.blueharbor.example\n',
    want: {
      name: 'Maria Gonzalez',
      title: 'Head of Purchasing',
      company: 'Blue Harbor Logistics Inc.',
      email: 'maria.gonzalez@blueharbor.example',
      phone: '+1415 555 0142',
      website: 'www.blueharbor.example',
    },
  },
  {
    about: 'name first, labels before the details, a fax to skip',
    text: 'Jürgen Müller-Lüdenscheidt\nGeschäftsführer\nNordlicht Maschinenbau GmbH\nHafenstraße 12, 20457 Hamburg\nFax: +49 40 1234 5679\nTel.: +49 (0)40 1234 5678\nE-Mail: j.mueller@nordlicht.example\n',
    want: {
      name: 'Jürgen Müller-Lüdenscheidt',
      title: 'Geschäftsführer',
      company: 'Nordlicht Maschinenbau GmbH',
      email: 'j.mueller@nordlicht.example',
      phone: '+49 (0)40 1234 5678',
    },
  },
  {
    about: 'capitals, name and title on one line, a UK company',
    text: 'THAMES & SEVERN TRADING LTD\n\nOLIVER BENNETT, SENIOR ACCOUNT MANAGER\nM: 07700 900123\noliver@thamessevern.example\n',
    want: {
      name: 'Oliver Bennett',
      title: 'SENIOR ACCOUNT MANAGER',
      company: 'THAMES & SEVERN TRADING LTD',
      email: 'oliver@thamessevern.example',
      phone: '07700 900123',
    },
  },
  {
    about: 'accents, a particle, a bar between fields and noise lines',
    text: '| ~~ _\nAna de la Cruz | Directora Comercial\nIbérica Soluciones S.L.\n—— ee\nT. +34 912 345 678 · ana.delacruz@iberica.example\n',
    want: {
      name: 'Ana de la Cruz',
      title: 'Directora Comercial',
      company: 'Ibérica Soluciones S.L.',
      email: 'ana.delacruz@iberica.example',
      phone: '+34 912 345 678',
    },
  },
  {
    about: 'a company without a legal form, found by its email domain',
    text: 'FERNWOOD\nPriya Raghunathan\nVP Engineering\n(415) 555-0199 ext. 12\npriya@fernwood.example\nfernwood.example\n',
    want: {
      name: 'Priya Raghunathan',
      title: 'VP Engineering',
      company: 'FERNWOOD',
      email: 'priya@fernwood.example',
      phone: '(415) 555-0199',
      website: 'fernwood.example',
    },
  },
  {
    about: 'a French card with a spaced email and dotted phone',
    text: 'François Lefèvre\nDirecteur Technique\nAtelier Lumière SARL\n12 rue des Fleurs, 75011 Paris\n01.23.45.67.89\nf.lefevre @ atelier-lumiere.example\n',
    want: {
      name: 'François Lefèvre',
      title: 'Directeur Technique',
      company: 'Atelier Lumière SARL',
      email: 'f.lefevre@atelier-lumiere.example',
      phone: '01.23.45.67.89',
    },
  },
  {
    about: 'a free-mail address says nothing of the company; the name comes from its line',
    text: 'Kenji Watanabe\nFreelance Designer\nkenji.watanabe@gmail.com\n+81 90-1234-5678\n',
    want: {
      name: 'Kenji Watanabe',
      title: 'Freelance Designer',
      email: 'kenji.watanabe@gmail.com',
      phone: '+81 90-1234-5678',
    },
  },
  {
    about: 'no name line at all: the name comes from the email',
    text: 'Copperline Analytics Corp.\nsam.okafor@copperline.example\nMobile +1 212 555 0100\n',
    want: {
      name: 'Sam Okafor',
      company: 'Copperline Analytics Corp.',
      email: 'sam.okafor@copperline.example',
      phone: '+1 212 555 0100',
    },
  },
  {
    about: 'a Dutch company with a co-founder title and an https address',
    text: 'Willem van der Berg\nCo-Founder & CTO\nTulpenveld B.V.\nhttps://tulpenveld.example/en\nwillem@tulpenveld.example\n+31 20 123 4567\n',
    want: {
      name: 'Willem van der Berg',
      title: 'Co-Founder & CTO',
      company: 'Tulpenveld B.V.',
      email: 'willem@tulpenveld.example',
      phone: '+31 20 123 4567',
      website: 'https://tulpenveld.example/en',
    },
  },
];

for (const card of cards) {
  test(`card fields: ${card.about}`, () => {
    const read = readCard(card.text);
    assert.deepEqual(read, card.want);
    assert.ok(looksLikeCard(read));
  });
}

test('text that is no business card is not taken for one', () => {
  for (const text of [
    '',
    'Sale 50% off\nAll week long\n',
    'The quick brown fox jumps over the lazy dog.\nIt was a sunny day.',
    '| _ ~ —\n. , ;',
    'Receipt\nTotal 12.50\nThank you',
  ]) {
    assert.equal(looksLikeCard(readCard(text)), false, text);
  }
});
