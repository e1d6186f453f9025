# tanso impact sheets: English, the reference catalogue. Every other language has every
# message below (checked by a test). Model-specific labels (figure-*, column-*, series-*,
# model-*, param-*) are optional: without them the model's own English label is shown.

## Number and date conventions (CLDR)
number-decimal = .
number-group = ,
# Minimum grouping digits: 1 groups 1,234; 2 leaves 1234 and groups 12,345.
number-min-grouping = 1
range-to = to
date-long = { $day } { $month } { $year }
date-month = { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
compass-n = N
compass-s = S
compass-e = E
compass-w = W
country-CL = Chile
country-ID = Indonesia
country-JP = Japan
country-VN = Viet Nam

## Header
label-estimate-not-certified = Estimate, not a certified or verified emission reduction.
header-location = Location
header-model = Model
header-dataset = Dataset version
header-generated = Generated
header-saved = Saved scenario
saved-under = saved under dataset version { $version }
header-crediting = Crediting period
header-monte-carlo = Uncertainty
period = { $start } to { $end } ({ $years } years)
monte-carlo-settings = Monte Carlo, { $draws } draws, seed { $seed }
monte-carlo-none = deterministic estimate (no Monte Carlo draws asked)
value-with-interval = { $value } (90 % interval { $interval })

## Sections
section-headline = Headline
section-facts = Project facts
section-method = Method
section-yearly = Crediting years
section-parameters = Parameters
section-assumptions = Assumptions and derivations
section-uncertainty = Uncertainty
section-charts = Charts
section-equivalencies = What this means locally
section-caveats = Caveats and warnings
section-references = References
section-comparison = Scenarios compared
section-portfolio-projects = Projects
section-portfolio-years = Emission reductions by calendar year

## Headline
headline-er-period = Emission reductions over the crediting period
headline-er-year = Emission reductions per year (average)
headline-er-first-year = Emission reductions in the first crediting year
headline-sentence = From { $start } to { $end } the project is estimated to avoid { $total }, about { $per_year } a year.
headline-sentence-uncertain = From { $start } to { $end } the project is estimated to avoid { $total } (median; 90 % of the Monte Carlo draws lie between { $low } and { $high }), about { $per_year } a year.
headline-caption = Key figures (median and 90 % interval when uncertainty was computed)
col-figure = Figure
col-value = Value

## Facts
facts-caption = What the source documents state
col-fact = Fact
col-sources = Sources

## Method
method-formula = Emission reductions ER = baseline emissions BE − project emissions PE − leakage LE, for each crediting year.
method-methodologies = Method sources: { $list }.
method-gwp = Global warming potentials: { $name } (CH4 { $ch4 }, N2O { $n2o }).
method-grid = Grid emission factor: { $label }, { $kind }, vintage { $vintage }: { $values }.
method-basis = Counts { $basis }.
factor-kind-average = average intensity of all generation
factor-kind-operating-margin = operating margin (CDM TOOL07)
factor-kind-build-margin = build margin (CDM TOOL07)
factor-kind-combined-margin = combined margin (CDM TOOL07)
factor-kind-jcm-default = JCM methodology default
factor-kind-implied = implied by a project's published figures
factor-kind-request = given in the request

## Yearly table
yearly-caption = Per crediting year; the last year may be shorter than twelve months
col-year = Year
col-period = Period
row-total = Total
unit-years = years

## Parameters
parameters-caption = Every input as used, where it comes from and how uncertain it is
col-parameter = Parameter
col-origin = Origin
col-distribution = Uncertainty
origin-default = model default
origin-project = documented project
origin-override = scenario override
origin-derived = derived
dist-none = none (held fixed)
dist-normal = normal, standard deviation { $sd }
dist-normal-plain = normal
dist-lognormal = lognormal, geometric standard deviation { $gsd }
dist-triangular = triangular { $min } to { $max }, most likely { $mode }
dist-pert = PERT { $min } to { $max }, most likely { $mode }
dist-uniform = uniform { $min } to { $max }
dist-discrete = one of { $items }

## Uncertainty
uncertainty-none = No Monte Carlo draws were asked: the figures are the deterministic estimate. Ask for draws (--draws 2000, or "draws" in the request) to see the spread and what drives it.
uncertainty-intro = { $draws } Monte Carlo draws (seed { $seed }) run the same model as the estimate with every uncertain input drawn from its distribution.
uncertainty-caption = Deterministic estimate and percentiles of the draws
col-deterministic = Deterministic
col-unit = Unit
tornado-note = The drivers are ranked by Spearman's rank correlation between each input and the result over the draws: a ranking aid, not a share of variance.

## Charts
chart-histogram-title = Distribution of { $output }
chart-histogram-desc = Histogram of { $draws } Monte Carlo draws; median { $median }, 90 % of draws between { $interval }.
chart-share-of-draws = Share of draws (%)
chart-tornado-title = What drives the spread of { $output }
chart-tornado-desc = Inputs ranked by rank correlation with the result; strongest: { $drivers }.
chart-tornado-axis = Spearman rank correlation ρ with the result
chart-bars-desc = Total { $total }; highest in { $peak } ({ $peak_value }).
chart-axis-month = Month of the year
chart-axis-crediting-year = Crediting year
chart-axis-hour = Hour
chart-waterfall-title = From baseline to emission reductions over the crediting period
chart-waterfall-desc = Baseline emissions { $be }, minus project emissions { $pe }, minus leakage { $le }, gives emission reductions { $er }.
chart-waterfall-axis = ER = BE − PE − LE
chart-be = Baseline (BE)
chart-pe = Project (PE)
chart-le = Leakage (LE)
chart-er = Reductions (ER)
chart-total = Total
chart-stacked-title = Baseline and project emissions by source, over the crediting period
chart-locator-title = Where: { $place }
chart-locator-desc = Position on a latitude–longitude grid (equator, tropics, polar circles): { $coordinates }.
chart-intervals-axis = Emission reductions over the crediting period ({ $unit }); bar: 90 % interval, line: median
chart-compare-title = Emission reductions of each scenario with their 90 % intervals
chart-portfolio-title = Emission reductions of each project and of the programme

## Equivalencies
equivalency-per-capita = About { $count } residents' annual greenhouse-gas emissions in { $country } ({ $per } per person in { $year }), compared with { $annual } avoided in an average crediting year.
equivalency-households = The annual electricity use of about { $count } households in { $country } ({ $per } per household in { $year }), compared with { $annual } produced in an average crediting year.
equivalency-none = No local equivalency is documented for { $country } yet (models/equivalencies.toml); none from another country is used.

## Caveats and references
caveat-estimate = This sheet is an estimate made with documented methods and cited inputs. It is not a certified, verified or issued emission reduction, and its figures are not credits.
confidence-verified = read in the source
confidence-secondary = secondary: found only in a transcription or summary
confidence-unconfirmed = unconfirmed: recalled, not confirmed in the original
confidence-derived = derived: arithmetic on cited figures
confidence-assumption = tanso's assumption, with its reason

## Scenario labels
label-trajectory = a trajectory
label-combined-margin = a combined margin
label-grid-factor = grid factor
label-from = from
label-to = to
label-own-weather = own weather file
label-as-documented = as documented

## Comparison
compare-title = { $project }: scenarios compared
compare-scenario = Scenario { $n }
compare-scenario-short = S
compare-difference = Difference { $n } − 1
compare-caption = Each scenario's figures (median and 90 % interval when uncertainty was computed) and the difference of each from the first
compare-overlap = The 90 % intervals of { $a } and { $b } overlap: the difference between them is within the uncertainty.
compare-no-overlap = The 90 % intervals of { $a } and { $b } do not overlap: the difference is larger than the uncertainty.
compare-deterministic = Some scenarios were evaluated without Monte Carlo draws: their figures are single values with no interval.

## Portfolio
portfolio-projects = Projects
portfolio-caption = Each project with its own uncertainty; the total's interval combines the projects' distributions
col-project = Project
col-country = Country
portfolio-total-note = The total's median and 90 % interval combine the projects' Monte Carlo distributions assuming they are independent (no shared uncertain input); it is not the sum of the projects' intervals.
col-calendar-year = Calendar year
portfolio-years-caption = Deterministic emission reductions by calendar year ({ $unit })
portfolio-years-note = Crediting years are split over calendar years in proportion to their days.
