import { defineMessages } from '../../app/i18n.ts';

export const termsMessages = defineMessages({
  // Versions and their status
  'version.status.in-force': { nb: 'I kraft', en: 'In force' },
  'version.status.upcoming': { nb: 'Kommende', en: 'Upcoming' },
  'version.status.superseded': { nb: 'Erstattet', en: 'Superseded' },
  'version.version': { nb: 'Versjon', en: 'Version' },
  'version.title': { nb: 'Tittel', en: 'Title' },
  'version.effectiveAt': { nb: 'Gjelder fra', en: 'In force from' },
  'version.deadline': { nb: 'Frist for aksept', en: 'Acceptance deadline' },
  'version.deadlineHint': {
    nb: 'Leverandører som har akseptert en tidligere versjon, beholder produksjonstilgang til fristen.',
    en: 'Vendors that accepted an earlier version keep production access until the deadline.',
  },
  'version.sha256': { nb: 'SHA-256 av teksten', en: 'SHA-256 of the text' },
  'version.changeLog': { nb: 'Endringslogg', en: 'Change log' },
  'version.publishedAt': { nb: 'Publisert', en: 'Published' },
  'version.demo': { nb: 'Demonstrasjon', en: 'Demonstration' },
  'version.demoHint': {
    nb: 'Denne teksten er et kort sammendrag laget for demodataene, ikke Digdirs vilkårstekst.',
    en: 'This text is a short summary made for the demo data, not Digdir’s terms.',
  },
  'version.text': { nb: 'Vilkårsteksten', en: 'The terms' },
  'version.none': { nb: 'Ingen versjon av bruksvilkårene er i kraft ennå.', en: 'No version of the terms of use is in force yet.' },
  'version.hashChecked': {
    nb: 'Kontrollert: SHA-256 av teksten som vises, er lik den publiserte.',
    en: 'Checked: the SHA-256 of the text shown equals the published one.',
  },
  'version.hashMismatch': {
    nb: 'SHA-256 av teksten som vises, er ikke lik den publiserte. Last siden på nytt før du signerer.',
    en: 'The SHA-256 of the text shown differs from the published one. Reload the page before signing.',
  },

  // Acceptance (T-1.1, T-1.2, T-1.2.2)
  'accept.title': { nb: 'Aksepter bruksvilkårene', en: 'Accept the terms of use' },
  'accept.lead': {
    nb: 'Bruksvilkårene må aksepteres av en person som kan signere for virksomheten, før systemet tas i bruk mot produksjon.',
    en: 'The terms of use must be accepted by a person who may sign for the organisation before the system is used in production.',
  },
  'accept.signingAuthority': {
    nb: 'Jeg bekrefter at jeg har fullmakt til å signere på vegne av {org} (org.nr. {orgNumber}).',
    en: 'I confirm that I am authorised to sign on behalf of {org} (org. no. {orgNumber}).',
  },
  'accept.attestations': { nb: 'Leverandøren bekrefter at', en: 'The vendor confirms that' },
  'accept.attest.customerAgreements': {
    nb: 'leverandøren opptrer på vegne av sine kunder og har avtaler med dem som dekker bruken av Altinn.',
    en: 'the vendor acts for its customers and has agreements with them that cover the use of Altinn.',
  },
  'accept.attest.accessControl': {
    nb: 'leverandøren har tilgangsstyring i eget system, slik at bare de som har behov, får tilgang.',
    en: 'the vendor runs access control in its own system, so only those who need it get access.',
  },
  'accept.attest.platformTerms': {
    nb: 'vilkårene for Maskinporten og/eller ID-porten er akseptert.',
    en: 'the terms of Maskinporten and/or ID-porten are accepted.',
  },
  'accept.submit': { nb: 'Signer og aksepter versjon {version}', en: 'Sign and accept version {version}' },
  'accept.allRequired': {
    nb: 'Kryss av for fullmakten og alle tre bekreftelsene for å signere.',
    en: 'Tick the authority statement and all three confirmations to sign.',
  },
  'accept.adminOnly': {
    nb: 'Bare en administrator for leverandøren (rollen Leverandør – administrator) kan signere. Be en administrator om å akseptere vilkårene.',
    en: 'Only an administrator of the vendor (the role Vendor – administrator) can sign. Ask an administrator to accept the terms.',
  },
  'accept.done': { nb: 'Bruksvilkårene er akseptert', en: 'The terms of use are accepted' },
  'accept.doneBody': {
    nb: 'Versjon {version} ble akseptert {at} av {name}.',
    en: 'Version {version} was accepted at {at} by {name}.',
  },
  'accept.receipt': { nb: 'Åpne kvittering', en: 'Open receipt' },
  'accept.receiptHint': { nb: 'Kvitteringen åpnes i en ny fane og kan skrives ut.', en: 'The receipt opens in a new tab and can be printed.' },

  // Access (the decision per product)
  'access.title': { nb: 'Produksjonstilgang', en: 'Production access' },
  'access.lead': {
    nb: 'Slik vurderer Samsvar tilgangen til hvert produkt i produksjon akkurat nå, med det som mangler.',
    en: 'How Samsvar decides access to each product in production right now, with what is missing.',
  },
  'access.product': { nb: 'Produkt', en: 'Product' },
  'access.allowed': { nb: 'Tilgang', en: 'Allowed' },
  'access.refused': { nb: 'Ingen tilgang', en: 'Refused' },
  'access.warning': { nb: 'Merk', en: 'Note' },
  'access.missing': { nb: 'Det som mangler', en: 'What is missing' },
  'access.nothingMissing': { nb: 'Ingenting mangler.', en: 'Nothing is missing.' },
  'access.decidedAt': { nb: 'Vurdert {at}.', en: 'Decided at {at}.' },
  'access.count': { nb: '{allowed} av {total} produkter har tilgang', en: '{allowed} of {total} products are allowed' },
  'access.registeredOnly': { nb: 'Vis bare registrerte produkter', en: 'Show registered products only' },
  'access.otherProducts': { nb: 'Andre produkter, ikke registrert ({count})', en: 'Other products, not registered ({count})' },
  'access.conditions': { nb: 'Tjenesteeieres vilkår som venter på aksept', en: 'Service owners’ conditions waiting for acceptance' },
  'access.conditionsHint': {
    nb: 'Tilgang til disse tjenestene krever at vilkårene er akseptert. Åpne tjenesten for å lese og akseptere vilkårene.',
    en: 'Access to these services requires their conditions to be accepted. Open a service to read and accept its conditions.',
  },

  // Onboarding
  'onboarding.title': { nb: 'Kom i gang som leverandør', en: 'Getting started as a vendor' },
  'onboarding.lead': {
    nb: 'Fire steg fra registrering til produksjonstilgang: organisasjon og kontakter, systemer og produkter, bruksvilkårene og status for tilgang.',
    en: 'Four steps from registration to production access: organisation and contacts, systems and products, the terms of use and the access status.',
  },
  'onboarding.progress': { nb: '{done} av {total} steg fullført', en: '{done} of {total} steps done' },
  'onboarding.steps': { nb: 'Steg', en: 'Steps' },
  'onboarding.step': { nb: 'Steg {n}', en: 'Step {n}' },
  'onboarding.done': { nb: 'Fullført', en: 'Done' },
  'onboarding.todo': { nb: 'Gjenstår', en: 'To do' },
  'onboarding.current': { nb: 'Du er her', en: 'You are here' },
  'onboarding.next': { nb: 'Neste steg', en: 'Next step' },
  'onboarding.previous': { nb: 'Forrige steg', en: 'Previous step' },
  'onboarding.step.organisation': { nb: 'Organisasjon og kontakter', en: 'Organisation and contacts' },
  'onboarding.step.organisation.lead': {
    nb: 'Kontrollér opplysningene om virksomheten og hold kontaktpersonene oppdatert. Bekreft kontakter som fortsatt stemmer.',
    en: 'Check the organisation’s details and keep the contacts up to date. Confirm contacts that are still right.',
  },
  'onboarding.step.organisation.check': {
    nb: 'Minst én kontaktperson, ingen utdaterte kontakter.',
    en: 'At least one contact, no stale contacts.',
  },
  'onboarding.step.systems': { nb: 'Systemer og produkter', en: 'Systems and products' },
  'onboarding.step.systems.lead': {
    nb: 'Registrer sluttbrukersystemene deres og hvilke Altinn-produkter hvert system bruker, med formålet.',
    en: 'Register your end-user systems and which Altinn products each system uses, with the purpose.',
  },
  'onboarding.step.systems.check': {
    nb: 'Minst ett system med minst ett produkt og formål.',
    en: 'At least one system with at least one product and purpose.',
  },
  'onboarding.step.terms': { nb: 'Les og aksepter bruks\u00advilkårene', en: 'Read and accept the terms of use' },
  'onboarding.step.terms.lead': {
    nb: 'Les vilkårene. En administrator med signaturrett aksepterer dem på vegne av virksomheten.',
    en: 'Read the terms. An administrator with signing authority accepts them on behalf of the organisation.',
  },
  'onboarding.step.terms.check': { nb: 'Versjonen som er i kraft, er akseptert.', en: 'The version in force is accepted.' },
  'onboarding.step.access': { nb: 'Status for produksjons\u00adtilgang', en: 'Production access status' },
  'onboarding.step.access.lead': {
    nb: 'Tilgang per produkt, og det som mangler før dere kan gå i produksjon.',
    en: 'Access per product, and what is missing before you can go into production.',
  },
  'onboarding.step.access.check': {
    nb: 'Minst ett registrert produkt har tilgang.',
    en: 'At least one registered product is allowed.',
  },
  'onboarding.org': { nb: 'Virksomheten', en: 'The organisation' },
  'onboarding.orgNumber': { nb: 'Organisasjonsnummer', en: 'Organisation number' },
  'onboarding.finished': {
    nb: 'Dere er klare: minst ett produkt har produksjonstilgang. Følg med på Bruksvilkår når nye versjoner publiseres.',
    en: 'You are set: at least one product has production access. Keep an eye on Terms of use when new versions are published.',
  },

  // Vendor terms page
  'terms.title': { nb: 'Bruksvilkår', en: 'Terms of use' },
  'terms.lead': {
    nb: 'Versjonen som gjelder, virksomhetens aksepter med kvitteringer, tjenesteeieres egne vilkår og oppsigelse.',
    en: 'The version in force, your organisation’s acceptances with receipts, service owners’ own conditions and termination.',
  },
  'terms.readLead': {
    nb: 'Bruksvilkårene for sluttbrukersystemleverandører som er i kraft nå.',
    en: 'The terms of use for vendors of end-user systems in force now.',
  },
  'terms.statusAccepted': { nb: 'Versjon {version} er akseptert.', en: 'Version {version} is accepted.' },
  'terms.statusPending': {
    nb: 'Versjon {version} er ikke akseptert ennå. Frist: {deadline}.',
    en: 'Version {version} is not accepted yet. Deadline: {deadline}.',
  },
  'terms.statusMissing': {
    nb: 'Versjon {version} er ikke akseptert. Dere har ikke produksjonstilgang før den er akseptert.',
    en: 'Version {version} is not accepted. You have no production access until it is accepted.',
  },
  'terms.acceptances': { nb: 'Aksepter og kvitteringer', en: 'Acceptances and receipts' },
  'terms.acceptedAt': { nb: 'Akseptert', en: 'Accepted' },
  'terms.signer': { nb: 'Signert av', en: 'Signed by' },
  'terms.receipt': { nb: 'Kvittering', en: 'Receipt' },
  'terms.history': { nb: 'Alle versjoner', en: 'All versions' },
  'terms.read': { nb: 'Les', en: 'Read' },

  // Conditions (T-1.2.5)
  'conditions.title': { nb: 'Tjenesteeieres vilkår', en: 'Service owners’ conditions' },
  'conditions.lead': {
    nb: 'Noen tjenesteeiere har egne vilkår for tjenestene sine. Tilgang til en slik tjeneste krever at siste versjon av vilkårene er akseptert.',
    en: 'Some service owners have their own conditions for their services. Access to such a service requires the latest version of the conditions to be accepted.',
  },
  'conditions.catalogue': { nb: 'Tjenester i produksjon', en: 'Services in production' },
  'conditions.service': { nb: 'Tjeneste', en: 'Service' },
  'conditions.owner': { nb: 'Tjenesteeier', en: 'Service owner' },
  'conditions.resourceId': { nb: 'Ressurs-ID', en: 'Resource id' },
  'conditions.state': { nb: 'Vilkår', en: 'Conditions' },
  'conditions.show': { nb: 'Vis vilkår', en: 'Show conditions' },
  'conditions.none': { nb: 'Tjenesten har ingen egne vilkår.', en: 'The service has no conditions of its own.' },
  'conditions.noneShort': { nb: 'Ingen egne vilkår', en: 'No conditions' },
  'conditions.toAccept': { nb: 'Må aksepteres (versjon {version})', en: 'To accept (version {version})' },
  'conditions.accepted': { nb: 'Akseptert (versjon {version})', en: 'Accepted (version {version})' },
  'conditions.version': { nb: 'Versjon {version}, publisert {at}', en: 'Version {version}, published {at}' },
  'conditions.accept': { nb: 'Aksepter vilkårene', en: 'Accept the conditions' },
  'conditions.acceptConfirm': {
    nb: 'Jeg har lest vilkårene og aksepterer dem på vegne av {org}.',
    en: 'I have read the conditions and accept them on behalf of {org}.',
  },
  'conditions.acceptedBy': { nb: 'Akseptert {at} av {name}.', en: 'Accepted at {at} by {name}.' },
  'conditions.yourAcceptances': { nb: 'Virksomhetens aksepter', en: 'Your organisation’s acceptances' },
  'conditions.search': { nb: 'Søk etter tjeneste', en: 'Search for a service' },

  // Conditions editor (service owners)
  'conditionsEditor.title': { nb: 'Egne vilkår for tjenesten', en: 'The service’s own conditions' },
  'conditionsEditor.lead': {
    nb: 'Vilkår som leverandører må akseptere før de får tilgang til tjenesten (Markdown). En ny versjon må aksepteres på nytt.',
    en: 'Conditions vendors must accept before they may reach the service (Markdown). A new version must be accepted again.',
  },
  'conditionsEditor.text': { nb: 'Vilkårstekst (Markdown)', en: 'Conditions (Markdown)' },
  'conditionsEditor.preview': { nb: 'Forhåndsvisning', en: 'Preview' },
  'conditionsEditor.publish': { nb: 'Publiser ny versjon', en: 'Publish a new version' },
  'conditionsEditor.publishConfirm': {
    nb: 'Leverandørene mister tilgang til tjenesten til de har akseptert den nye versjonen. Publisere?',
    en: 'Vendors lose access to the service until they accept the new version. Publish?',
  },
  'conditionsEditor.published': { nb: 'Versjon {version} er publisert.', en: 'Version {version} is published.' },
  'conditionsEditor.history': { nb: 'Versjoner', en: 'Versions' },
  'conditionsEditor.latest': { nb: 'Gjeldende', en: 'Current' },
  'conditionsEditor.adminOnly': {
    nb: 'Bare administratorer for tjenesteeieren kan publisere vilkår.',
    en: 'Only the service owner’s administrators can publish conditions.',
  },

  // Termination (T-9)
  'termination.title': { nb: 'Oppsigelse', en: 'Termination' },
  'termination.lead': {
    nb: 'Leverandøren kan si opp bruksvilkårene med tre måneders varsel. Produksjonstilgangen opphører automatisk når oppsigelsen får virkning, og oppsigelsen kan trekkes før det.',
    en: 'The vendor can terminate the terms of use with three months’ notice. Production access ends automatically when the termination takes effect; it can be withdrawn before then.',
  },
  'termination.none': { nb: 'Bruksvilkårene er ikke sagt opp.', en: 'The terms of use are not terminated.' },
  'termination.reason': { nb: 'Begrunnelse (valgfri)', en: 'Reason (optional)' },
  'termination.request': { nb: 'Si opp bruksvilkårene', en: 'Terminate the terms of use' },
  'termination.requestConfirm': {
    nb: 'Produksjonstilgangen for {org} opphører tre måneder etter oppsigelsen. Vil du si opp?',
    en: 'Production access for {org} ends three months after the termination. Do you want to terminate?',
  },
  'termination.pending': {
    nb: 'Oppsagt {requested}. Oppsigelsen får virkning {effective}, da opphører produksjonstilgangen.',
    en: 'Terminated at {requested}. The termination takes effect at {effective}, when production access ends.',
  },
  'termination.effective': {
    nb: 'Oppsigelsen fikk virkning {effective}. Dere har ikke produksjonstilgang.',
    en: 'The termination took effect at {effective}. You have no production access.',
  },
  'termination.confirmedByDigdir': { nb: 'Bekreftet av Digdir {at}.', en: 'Confirmed by Digdir at {at}.' },
  'termination.withdraw': { nb: 'Trekk oppsigelsen', en: 'Withdraw the termination' },
  'termination.withdrawConfirm': {
    nb: 'Oppsigelsen trekkes, og tilgangen fortsetter som før. Trekke den?',
    en: 'The termination is withdrawn and access continues as before. Withdraw it?',
  },
  'termination.adminOnly': {
    nb: 'Bare en administrator for leverandøren kan si opp eller trekke en oppsigelse.',
    en: 'Only an administrator of the vendor can terminate or withdraw a termination.',
  },
  'termination.history': { nb: 'Tidligere oppsigelser', en: 'Earlier terminations' },
  'termination.status.pending': { nb: 'Venter', en: 'Pending' },
  'termination.status.effective': { nb: 'Har virkning', en: 'Effective' },
  'termination.status.withdrawn': { nb: 'Trukket', en: 'Withdrawn' },
  'termination.requestedAt': { nb: 'Sagt opp', en: 'Requested' },
  'termination.effectiveAt': { nb: 'Får virkning', en: 'Takes effect' },
  'termination.confirmedAt': { nb: 'Bekreftet', en: 'Confirmed' },

  // Operator: versions
  'versions.title': { nb: 'Bruksvilkår – versjoner', en: 'Terms of use – versions' },
  'versions.lead': {
    nb: 'Publiserte versjoner med endringslogg, og hvor mange leverandører som har akseptert hver versjon.',
    en: 'Published versions with their change log, and how many vendors have accepted each version.',
  },
  'versions.caption': { nb: 'Versjoner av bruksvilkårene', en: 'Versions of the terms of use' },
  'versions.progress': { nb: 'Aksept', en: 'Acceptance' },
  'versions.progressLabel': { nb: '{accepted} av {vendors} leverandører har akseptert', en: '{accepted} of {vendors} vendors have accepted' },
  'versions.publish': { nb: 'Publiser ny versjon', en: 'Publish a new version' },
  'versions.publishLead': {
    nb: 'Alle leverandørenes signaturberettigede varsles, og aksepten følges opp. Publiserte versjoner kan ikke endres.',
    en: 'Every vendor’s signatories are notified and acceptance is tracked. Published versions cannot be changed.',
  },
  'versions.form.version': { nb: 'Versjonsnavn', en: 'Version label' },
  'versions.form.versionHint': { nb: 'For eksempel 2026-2', en: 'For example 2026-2' },
  'versions.form.title': { nb: 'Tittel', en: 'Title' },
  'versions.form.effectiveAt': { nb: 'Gjelder fra (norsk tid)', en: 'In force from (Norwegian time)' },
  'versions.form.effectiveHint': {
    nb: 'Fristen for aksept er {grace} etter denne datoen for leverandører som har akseptert en tidligere versjon.',
    en: 'The acceptance deadline is {grace} after this date for vendors that accepted an earlier version.',
  },
  'versions.form.text': { nb: 'Vilkårstekst (Markdown)', en: 'The terms (Markdown)' },
  'versions.form.changeLog': { nb: 'Endringslogg: hva er endret?', en: 'Change log: what changed?' },
  'versions.form.submit': { nb: 'Publiser versjonen', en: 'Publish the version' },
  'versions.form.copyCurrent': { nb: 'Start med teksten som er i kraft', en: 'Start from the text in force' },
  'versions.published': {
    nb: 'Versjon {version} er publisert. {vendors} leverandører ({addresses} adresser) er varslet.',
    en: 'Version {version} is published. {vendors} vendors ({addresses} addresses) were notified.',
  },
  'versions.open': { nb: 'Detaljer', en: 'Details' },
  'versions.back': { nb: 'Alle versjoner', en: 'All versions' },
  'versions.vendors': { nb: 'Leverandører', en: 'Vendors' },
  'versions.vendor': { nb: 'Leverandør', en: 'Vendor' },
  'versions.accepted': { nb: 'Akseptert', en: 'Accepted' },
  'versions.notAccepted': { nb: 'Ikke akseptert', en: 'Not accepted' },
  'versions.laterAccepted': { nb: 'Senere versjon akseptert', en: 'Later version accepted' },
  'versions.counts': {
    nb: '{accepted} akseptert, {pending} venter, av {vendors} leverandører',
    en: '{accepted} accepted, {pending} pending, of {vendors} vendors',
  },

  // Operator: terminations
  'terminations.title': { nb: 'Oppsigelser', en: 'Terminations' },
  'terminations.lead': {
    nb: 'Leverandører som har sagt opp bruksvilkårene. Tilgangen opphører automatisk når oppsigelsen får virkning; Digdir bekrefter at den er mottatt.',
    en: 'Vendors that have terminated the terms of use. Access ends automatically when the termination takes effect; Digdir confirms receipt.',
  },
  'terminations.caption': { nb: 'Oppsigelser av bruksvilkårene', en: 'Terminations of the terms of use' },
  'terminations.filter': { nb: 'Status', en: 'Status' },
  'terminations.all': { nb: 'Alle', en: 'All' },
  'terminations.confirm': { nb: 'Bekreft', en: 'Confirm' },
  'terminations.confirmTitle': { nb: 'Bekreft oppsigelsen', en: 'Confirm the termination' },
  'terminations.confirmBody': {
    nb: 'Bekreft at oppsigelsen fra {org} er mottatt. Den får virkning {effective}.',
    en: 'Confirm that the termination from {org} is received. It takes effect at {effective}.',
  },
  'terminations.reason': { nb: 'Begrunnelse', en: 'Reason' },

  // Product tests (T-1.2.3), shown to operators
  'tests.title': { nb: 'Test før produksjon', en: 'Test before production' },
  'tests.lead': {
    nb: 'Produksjonstilgang til et produkt krever {min} vellykkede kall i testmiljøet eller godkjenning fra Digdir.',
    en: 'Production access to a product needs {min} successful calls in the test environment or Digdir’s approval.',
  },
  'tests.calls': { nb: 'Vellykkede testkall', en: 'Successful test calls' },
  'tests.approved': { nb: 'Godkjent', en: 'Approved' },
  'tests.passed': { nb: 'Bestått', en: 'Passed' },
  'tests.notPassed': { nb: 'Ikke bestått', en: 'Not passed' },
  'tests.approve': { nb: 'Godkjenn test', en: 'Approve test' },
  'tests.approveTitle': { nb: 'Godkjenn testen', en: 'Approve the test' },
  'tests.approveBody': {
    nb: 'Godkjenn at {org} har testet {product} og kan få produksjonstilgang til produktet.',
    en: 'Approve that {org} has tested {product} and may get production access to the product.',
  },

  // Home panel
  'home.vendorTitle': { nb: 'Status for leverandøren', en: 'Vendor status' },
  'home.vendorOnboarding': { nb: 'Gå til Kom i gang', en: 'Go to Getting started' },
  'home.termsAccepted': { nb: 'Bruksvilkårene (versjon {version}) er akseptert.', en: 'The terms of use (version {version}) are accepted.' },
  'home.termsToAccept': { nb: 'Bruksvilkårene (versjon {version}) må aksepteres.', en: 'The terms of use (version {version}) must be accepted.' },
});
