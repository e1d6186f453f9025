# Hojas de impacto de tanso: español. Cada mensaje de en.ftl está aquí (lo comprueba un test).

## Convenciones de números y fechas (CLDR es)
number-decimal = ,
number-group = .
number-min-grouping = 2
range-to = a
date-long = { $day } de { $month } de { $year }
date-month = { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
month-short-1 = ene
month-short-2 = feb
month-short-3 = mar
month-short-4 = abr
month-short-5 = may
month-short-6 = jun
month-short-7 = jul
month-short-8 = ago
month-short-9 = sept
month-short-10 = oct
month-short-11 = nov
month-short-12 = dic
compass-n = N
compass-s = S
compass-e = E
compass-w = O
country-CL = Chile
country-ID = Indonesia
country-JP = Japón
country-VN = Vietnam

## Encabezado
label-estimate-not-certified = Estimación; no es una reducción de emisiones certificada ni verificada.
header-location = Ubicación
header-model = Modelo
header-dataset = Versión de los datos
header-generated = Generada
header-saved = Escenario guardado
saved-under = guardado con la versión de los datos { $version }
header-crediting = Período de acreditación
header-monte-carlo = Incertidumbre
period = del { $start } al { $end } ({ $years } años)
monte-carlo-settings = Monte Carlo, { $draws } simulaciones, semilla { $seed }
monte-carlo-none = estimación determinista (no se pidieron simulaciones de Monte Carlo)
value-with-interval = { $value } (intervalo del 90 %: { $interval })

## Secciones
section-headline = En resumen
section-facts = Datos del proyecto
section-method = Método
section-yearly = Años de acreditación
section-parameters = Parámetros
section-assumptions = Supuestos y derivaciones
section-uncertainty = Incertidumbre
section-charts = Gráficos
section-equivalencies = Qué significa localmente
section-caveats = Advertencias
section-references = Referencias
section-comparison = Escenarios comparados
section-portfolio-projects = Proyectos
section-portfolio-years = Reducciones de emisiones por año calendario

## Resumen
headline-er-period = Reducciones de emisiones en el período de acreditación
headline-er-year = Reducciones de emisiones por año (promedio)
headline-er-first-year = Reducciones de emisiones en el primer año de acreditación
headline-sentence = Entre el { $start } y el { $end } se estima que el proyecto evita { $total }, unas { $per_year } al año.
headline-sentence-uncertain = Entre el { $start } y el { $end } se estima que el proyecto evita { $total } (mediana; el 90 % de las simulaciones de Monte Carlo queda entre { $low } y { $high }), unas { $per_year } al año.
headline-caption = Cifras clave (mediana e intervalo del 90 % cuando se calculó la incertidumbre)
col-figure = Cifra
col-value = Valor

## Datos
facts-caption = Lo que dicen los documentos de origen
col-fact = Dato
col-sources = Fuentes

## Método
method-formula = Reducciones de emisiones RE = emisiones de línea base LB − emisiones del proyecto EP − fugas F, para cada año de acreditación.
method-methodologies = Fuentes del método: { $list }.
method-gwp = Potenciales de calentamiento global: { $name } (CH4 { $ch4 }, N2O { $n2o }).
method-grid = Factor de emisión de la red: { $label }, { $kind }, datos de { $vintage }: { $values }.
method-basis = Contabiliza: { $basis }.
factor-kind-average = intensidad media de toda la generación
factor-kind-operating-margin = margen de operación (herramienta 07 del MDL)
factor-kind-build-margin = margen de construcción (herramienta 07 del MDL)
factor-kind-combined-margin = margen combinado (herramienta 07 del MDL)
factor-kind-jcm-default = valor por defecto de una metodología del JCM
factor-kind-implied = implícito en las cifras publicadas de un proyecto
factor-kind-request = indicado en la solicitud

## Tabla anual
yearly-caption = Por año de acreditación; el último año puede durar menos de doce meses
col-year = Año
col-period = Período
row-total = Total
unit-years = años

## Parámetros
parameters-caption = Cada dato de entrada tal como se usó, su origen y su incertidumbre
col-parameter = Parámetro
col-origin = Origen
col-distribution = Incertidumbre
origin-default = valor por defecto del modelo
origin-project = proyecto documentado
origin-override = cambio del escenario
origin-derived = derivado
dist-none = ninguna (fijo)
dist-normal = normal, desviación estándar { $sd }
dist-normal-plain = normal
dist-lognormal = lognormal, desviación estándar geométrica { $gsd }
dist-triangular = triangular de { $min } a { $max }, más probable { $mode }
dist-pert = PERT de { $min } a { $max }, más probable { $mode }
dist-uniform = uniforme de { $min } a { $max }
dist-discrete = uno de { $items }

## Incertidumbre
uncertainty-none = No se pidieron simulaciones de Monte Carlo: las cifras son la estimación determinista. Pida simulaciones (--draws 2000, o "draws" en la solicitud) para ver la dispersión y qué la causa.
uncertainty-intro = { $draws } simulaciones de Monte Carlo (semilla { $seed }) ejecutan el mismo modelo que la estimación con cada dato incierto tomado de su distribución.
uncertainty-caption = Estimación determinista y percentiles de las simulaciones
col-deterministic = Determinista
col-unit = Unidad
tornado-note = Los factores se ordenan por la correlación de rangos de Spearman entre cada dato y el resultado en las simulaciones: ayuda a ordenar, no es una parte de la varianza.

## Gráficos
chart-histogram-title = Distribución de { $output }
chart-histogram-desc = Histograma de { $draws } simulaciones de Monte Carlo; mediana { $median }, el 90 % entre { $interval }.
chart-share-of-draws = Proporción de simulaciones (%)
chart-tornado-title = Qué explica la dispersión de { $output }
chart-tornado-desc = Datos ordenados por su correlación de rangos con el resultado; los más fuertes: { $drivers }.
chart-tornado-axis = Correlación de rangos de Spearman ρ con el resultado
chart-bars-desc = Total { $total }; máximo en { $peak } ({ $peak_value }).
chart-axis-month = Mes del año
chart-axis-crediting-year = Año de acreditación
chart-axis-hour = Hora
chart-waterfall-title = De la línea base a las reducciones en el período de acreditación
chart-waterfall-desc = Emisiones de línea base { $be }, menos emisiones del proyecto { $pe }, menos fugas { $le }, dan reducciones de { $er }.
chart-waterfall-axis = RE = LB − EP − F
chart-be = Línea base (LB)
chart-pe = Proyecto (EP)
chart-le = Fugas (F)
chart-er = Reducciones (RE)
chart-total = Total
chart-stacked-title = Emisiones de línea base y del proyecto por fuente, en el período de acreditación
chart-locator-title = Dónde: { $place }
chart-locator-desc = Posición en una cuadrícula de latitud y longitud (ecuador, trópicos, círculos polares): { $coordinates }.
chart-intervals-axis = Reducciones de emisiones en el período de acreditación ({ $unit }); barra: intervalo del 90 %, línea: mediana
chart-compare-title = Reducciones de emisiones de cada escenario con su intervalo del 90 %
chart-portfolio-title = Reducciones de emisiones de cada proyecto y del programa

## Equivalencias
equivalency-per-capita = Las emisiones anuales de gases de efecto invernadero de unas { $count } personas en { $country } ({ $per } por persona en { $year }), comparadas con las { $annual } evitadas en un año medio de acreditación.
equivalency-households = El consumo eléctrico anual de unos { $count } hogares en { $country } ({ $per } por hogar en { $year }), comparado con los { $annual } producidos en un año medio de acreditación.
equivalency-none = Aún no hay equivalencias documentadas para { $country } (models/equivalencies.toml); no se usan las de otro país.

## Advertencias y referencias
caveat-estimate = Esta hoja es una estimación hecha con métodos documentados y datos citados. No es una reducción de emisiones certificada, verificada ni emitida, y sus cifras no son créditos.
confidence-verified = leído en la fuente
confidence-secondary = secundaria: solo en una transcripción o un resumen
confidence-unconfirmed = sin confirmar: de memoria, no comprobado en el original
confidence-derived = derivada: cálculo con cifras citadas
confidence-assumption = supuesto de tanso, con su razón

## Etiquetas de escenarios
label-trajectory = una trayectoria
label-combined-margin = un margen combinado
label-grid-factor = factor de red
label-from = desde
label-to = hasta
label-own-weather = archivo meteorológico propio
label-as-documented = según lo documentado

## Comparación
compare-title = { $project }: escenarios comparados
compare-scenario = Escenario { $n }
compare-scenario-short = E
compare-difference = Diferencia { $n } − 1
compare-caption = Las cifras de cada escenario (mediana e intervalo del 90 % cuando se calculó la incertidumbre) y la diferencia de cada uno con el primero
compare-overlap = Los intervalos del 90 % de { $a } y { $b } se solapan: la diferencia entre ellos está dentro de la incertidumbre.
compare-no-overlap = Los intervalos del 90 % de { $a } y { $b } no se solapan: la diferencia es mayor que la incertidumbre.
compare-deterministic = Algunos escenarios se evaluaron sin simulaciones de Monte Carlo: sus cifras son valores únicos sin intervalo.

## Cartera
portfolio-projects = Proyectos
portfolio-caption = Cada proyecto con su propia incertidumbre; el intervalo del total combina las distribuciones de los proyectos
col-project = Proyecto
col-country = País
portfolio-total-note = La mediana y el intervalo del 90 % del total combinan las distribuciones de Monte Carlo de los proyectos suponiéndolas independientes (sin datos inciertos compartidos); no es la suma de los intervalos.
col-calendar-year = Año calendario
portfolio-years-caption = Reducciones de emisiones deterministas por año calendario ({ $unit })
portfolio-years-note = Los años de acreditación se reparten entre años calendario en proporción a sus días.

## Etiquetas de los modelos (opcionales)
model-solar-pv = Fotovoltaica conectada a la red (cadena horaria PVWatts v8) que desplaza electricidad de la red
model-composting = Compostaje aeróbico de residuos orgánicos que evita metano de vertedero
figure-emission_reductions = Reducciones de emisiones en el período de acreditación
figure-first_year_emission_reductions = Reducciones de emisiones en el primer año de acreditación
figure-lifetime_emission_reductions = Reducciones de emisiones en la vida útil de la planta
figure-baseline_emissions = Emisiones de línea base en el período de acreditación
figure-project_emissions = Emisiones del proyecto en el período de acreditación
figure-leakage_emissions = Fugas en el período de acreditación
figure-first_year_ac_energy = Energía CA generada en el primer año
figure-specific_yield = Rendimiento específico
figure-capacity_factor = Factor de planta
figure-performance_ratio = Índice de rendimiento
figure-poa_insolation = Irradiación en el plano de los módulos
figure-ghi_insolation = Irradiación global horizontal
figure-waste_treated = Residuos tratados
figure-compost_produced = Compost producido
figure-reduction_per_tonne = Reducción por tonelada tratada
figure-committed_ch4 = Metano comprometido
column-ac_energy = Energía CA
column-grid_factor = Factor de red
column-baseline = Emisiones de línea base (LB)
column-project = Emisiones del proyecto (EP)
column-leakage = Fugas (F)
column-emission_reductions = Reducciones de emisiones (RE = LB − EP − F)
column-waste_treated = Residuos tratados
column-compost_produced = Compost producido
column-baseline_ch4 = CH4 de línea base
column-project_composting_ch4 = CH4 del compostaje
column-project_composting_n2o = N2O del compostaje
column-project_electricity = Electricidad consumida
column-project_fuel = Combustible
column-project_transport = Transporte
series-monthly_ac_energy = Energía CA mensual del primer año
series-monthly_poa_insolation = Irradiación mensual en el plano de los módulos
