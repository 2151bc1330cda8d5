// The record picker every screen uses to choose a person or an org unit
// (components/RecordPicker.jsx).
export default {
  en: {
    'picker.search': 'Search',
    'picker.choose': 'Choose',
    'picker.change': 'Change',
    'picker.optional': '(optional)',
    'picker.found': '{n} found',
    'picker.none': 'Nothing found. Try part of the name, or a code.',
    'picker.noPerson': 'Nobody in your area matches. Try part of the name, or an identifier.',
    'picker.noUnit': 'No area with that name or code in your area.',
  },
  sw: {
    'picker.search': 'Tafuta',
    'picker.choose': 'Chagua',
    'picker.change': 'Badilisha',
    'picker.optional': '(si lazima)',
    'picker.found': 'Yamepatikana {n}',
    'picker.none': 'Hakuna kilichopatikana. Jaribu sehemu ya jina, au msimbo.',
    'picker.noPerson': 'Hakuna anayelingana katika eneo lako. Jaribu sehemu ya jina, au namba ya utambulisho.',
    'picker.noUnit': 'Hakuna eneo lenye jina au msimbo huo katika eneo lako.',
  },
};
