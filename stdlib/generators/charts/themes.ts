// What the random charts are about: a title, named categories and series,
// axis titles and a unit, so that questions read like questions about data.

export interface Theme {
  readonly title: string;
  /** Title of the category axis, and the noun a question uses for one category. */
  readonly categoryAxis: string;
  readonly categoryNoun: string;
  /** Categories in their natural order; when `ordered`, a chart shows a contiguous run of them. */
  readonly categories: readonly string[];
  readonly ordered: boolean;
  readonly valueAxis: string;
  /** What the values measure, as a question names it: "the highest rainfall". */
  readonly measure: string;
  /** The unit of a difference, as a question states it. */
  readonly unit: string;
  /** The noun for one series: "Which city had the most rain in May?" */
  readonly seriesNoun: string;
  readonly series: readonly string[];
  /** Axis maxima to draw from; each divides into 20 whole half-ticks. */
  readonly scales: readonly number[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const YEARS = Array.from({ length: 12 }, (_, i) => String(2014 + i));

export const THEMES: readonly Theme[] = [
  {
    title: 'Monthly rainfall', categoryAxis: 'Month', categoryNoun: 'month', categories: MONTHS, ordered: true,
    valueAxis: 'Rainfall (mm)', measure: 'rainfall', unit: 'mm', seriesNoun: 'city',
    series: ['Lisbon', 'Oslo', 'Cairo', 'Lima', 'Perth', 'Osaka'], scales: [100, 200, 500],
  },
  {
    title: 'Units sold per month', categoryAxis: 'Month', categoryNoun: 'month', categories: MONTHS, ordered: true,
    valueAxis: 'Units sold', measure: 'number of units sold', unit: 'units', seriesNoun: 'store',
    series: ['North', 'South', 'Harbour', 'Airport', 'Mall', 'Station'], scales: [100, 200, 500, 1000, 2000],
  },
  {
    title: 'Yearly visitors', categoryAxis: 'Year', categoryNoun: 'year', categories: YEARS, ordered: true,
    valueAxis: 'Visitors (thousands)', measure: 'number of visitors', unit: 'thousand visitors', seriesNoun: 'attraction',
    series: ['Museum', 'Zoo', 'Aquarium', 'Garden', 'Castle', 'Planetarium'], scales: [100, 200, 500],
  },
  {
    title: 'Electricity generated', categoryAxis: 'Year', categoryNoun: 'year', categories: YEARS, ordered: true,
    valueAxis: 'Output (GWh)', measure: 'output', unit: 'GWh', seriesNoun: 'source',
    series: ['Solar', 'Wind', 'Hydro', 'Gas', 'Biomass', 'Nuclear'], scales: [100, 200, 500, 1000],
  },
  {
    title: 'Average exam score by subject', categoryAxis: 'Subject', categoryNoun: 'subject',
    categories: ['Maths', 'Art', 'History', 'Biology', 'Music', 'Physics', 'Chemistry', 'Geography', 'French', 'Drama', 'Latin', 'Economics'],
    ordered: false, valueAxis: 'Average score', measure: 'average score', unit: 'points', seriesNoun: 'class',
    series: ['Class A', 'Class B', 'Class C', 'Class D', 'Class E', 'Class F'], scales: [100],
  },
  {
    title: 'Fruit harvest', categoryAxis: 'Fruit', categoryNoun: 'fruit',
    categories: ['Apples', 'Pears', 'Plums', 'Cherries', 'Grapes', 'Peaches', 'Lemons', 'Figs', 'Apricots', 'Kiwis', 'Melons', 'Limes'],
    ordered: false, valueAxis: 'Harvest (tonnes)', measure: 'harvest', unit: 'tonnes', seriesNoun: 'farm',
    series: ['Hill farm', 'River farm', 'Valley farm', 'Oak farm', 'Lake farm', 'Mill farm'], scales: [100, 200, 500, 1000],
  },
];

export interface PieTheme {
  readonly title: string;
  /** The noun for one slice: "Which item takes the largest share?" */
  readonly sliceNoun: string;
  readonly slices: readonly string[];
}

export const PIE_THEMES: readonly PieTheme[] = [
  { title: 'Household budget', sliceNoun: 'expense', slices: ['Rent', 'Food', 'Transport', 'Savings', 'Leisure', 'Utilities', 'Health', 'Education', 'Clothing', 'Gifts'] },
  { title: 'Favourite sport (survey)', sliceNoun: 'sport', slices: ['Football', 'Tennis', 'Swimming', 'Cycling', 'Running', 'Basketball', 'Golf', 'Volleyball', 'Rowing', 'Climbing'] },
  { title: 'Electricity mix', sliceNoun: 'source', slices: ['Solar', 'Wind', 'Hydro', 'Gas', 'Coal', 'Nuclear', 'Biomass', 'Oil', 'Geothermal', 'Tidal'] },
  { title: 'Market share', sliceNoun: 'company', slices: ['Apex', 'Borealis', 'Cobalt', 'Dynamo', 'Ember', 'Fjord', 'Granite', 'Helix', 'Ion', 'Juniper'] },
];

/** Most series a chart can show: the names each theme has and the colours told apart. */
export const MAX_SERIES = 6;
/** Most categories: months and years run to 12. A pie shows at most 10 slices, whatever `categories` allows. */
export const MAX_CATEGORIES = 12;
export const MAX_SLICES = 10;
