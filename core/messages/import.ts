import { section } from './define.ts'

// An import of a layer file: why the file or a row of it is refused (errors), what is imported
// but worth a look (warnings). Each row problem names the feature (0-based index; a feature named in a
// text is an `ordinal`, said from 1 to a reader), the property and
// the reason; the reason is the stable code of GEODATA_FORMAT.md's error list.

export const importing = section({
  // The whole file
  not_geojson: { en: 'The body must be a GeoJSON FeatureCollection with a "features" array.' },
  empty_collection: { en: 'The FeatureCollection has no features.' },
  unsupported_crs: { en: 'Unsupported CRS {crs}: use EPSG:4326 or EPSG:4490 (CGCS2000) longitude/latitude.', params: { crs: 'json' } },
  invalid_features: { en: '{problems} problem(s) in {features} feature(s); nothing was imported.', params: { problems: 'count', features: 'count' } },
  invalid_geometries: { en: '{problems} problem(s) in the geometries; nothing was imported.', params: { problems: 'count' } },
  changed_meanwhile: { en: '{features} feature(s) were changed by someone else while the file was checked; nothing was imported: import it again.', params: { features: 'count' } },
  rows_out_of_scope: { en: '{features} feature(s) lie outside your region {scope}; nothing was imported.', params: { features: 'count', scope: 'code' } },
  too_many_features: { en: 'The file has {count} features; at most {max} are taken at once (setting {setting}): split it.', params: { count: 'count', max: 'count', setting: 'setting' } },
  // A feature
  not_a_feature: { en: 'Feature {index} is not a GeoJSON Feature.', params: { index: 'ordinal' } },
  missing_properties: { en: 'Feature {index} has no properties object.', params: { index: 'ordinal' } },
  duplicate_code: { en: 'Code {code} already appears in feature {first}.', params: { code: 'code', first: 'ordinal' } },
  required: { en: 'Property {property} is required.', params: { property: 'property' } },
  required_text: { en: 'Property {property} must not be empty.', params: { property: 'property' } },
  wrong_type_code: { en: 'Property {property} must be a code of letters, digits, "-", "_" or "." (at most 64 characters), got {value}.', params: { property: 'property', value: 'json' } },
  wrong_type_text: { en: 'Property {property} must be a string, got {value}.', params: { property: 'property', value: 'json' } },
  value_too_large: { en: 'Property {property} is {bytes} long; at most {max} are kept per property (setting {setting}).', params: { property: 'property', bytes: 'bytes', max: 'bytes', setting: 'setting' } },
  text_too_long: { en: 'Property {property} must be a string of at most {max} characters, got {value}.', params: { property: 'property', max: 'count', value: 'json' } },
  wrong_type_boolean: { en: 'Property {property} must be true or false, got {value}.', params: { property: 'property', value: 'json' } },
  wrong_type_number: { en: 'Property {property} must be a number, got {value}.', params: { property: 'property', value: 'json' } },
  wrong_type_integer: { en: 'Property {property} must be a whole number, got {value}.', params: { property: 'property', value: 'json' } },
  wrong_type_date: { en: 'Property {property} must be a date YYYY-MM-DD, got {value}.', params: { property: 'property', value: 'json' } },
  invalid_enum: { en: 'Property {property} must be one of {allowed}, got {value}.', params: { property: 'property', allowed: 'list', value: 'json' }, lists: { allowed: 'text' } },
  below_min: { en: 'Property {property} must be at least {min}, got {value}.', params: { property: 'property', min: 'number', value: 'number' } },
  above_max: { en: 'Property {property} must be at most {max}, got {value}.', params: { property: 'property', max: 'number', value: 'number' } },
  township_code_form: { en: 'townshipCode {township} must be a 9-digit township code.', params: { township: 'code' } },
  village_code_form: { en: 'Village code {code} must have 12 digits.', params: { code: 'code' } },
  village_code_township: { en: 'Village code {code} must start with its townshipCode {township}.', params: { code: 'code', township: 'code' } },
  code_township_conflict: { en: 'The code {code} names another county or township than its townshipCode {township}.', params: { code: 'code', township: 'code' } },
  region_code_form: { en: 'A {level} code must have {digits} digits, got {code}.', params: { level: 'level', digits: 'count', code: 'code' } },
  region_code_parent: { en: 'Region code {code} must start with its parentCode {parent}.', params: { code: 'code', parent: 'code' } },
  exceeds_total: { en: '{part} ({value}) is above {whole} ({total}).', params: { part: 'property', value: 'number', whole: 'property', total: 'number' } },
  end_before_start: { en: '{end} ({endDate}) is before {start} ({startDate}).', params: { end: 'property', endDate: 'date', start: 'property', startDate: 'date' } },
  date_in_future: { en: '{property} {date} is in the future (today is {today} in China).', params: { property: 'property', date: 'date', today: 'date' } },
  start_before_construction: { en: 'A project that is {status} has not started: actualStart belongs to construction and later.', params: { status: 'status' } },
  end_before_completion: { en: 'A project that is {status} is not complete: actualEnd belongs to completed or accepted.', params: { status: 'status' } },
  missing_geometry: { en: 'Geometry is required.' },
  missing_project_geometry: { en: 'Geometry is required unless the project is planned or approved.' },
  not_a_geometry: { en: 'Geometry must be a GeoJSON geometry object.' },
  wrong_geometry_type: { en: 'Layer {layer} takes {allowed}, got {type}.', params: { layer: 'layer', allowed: 'list', type: 'text' }, lists: { allowed: 'geometry' } },
  invalid_geometry: { en: 'Invalid geometry: {reason}.', params: { reason: 'text' } },
  feature_out_of_scope: { en: 'Feature {code} lies outside your region {scope}.', params: { code: 'code', scope: 'code' } },
  replaced_out_of_scope: { en: 'Feature {code} exists outside your region {scope}.', params: { code: 'code', scope: 'code' } },
  township_out_of_scope: { en: 'The townshipCode {township} lies outside your region {scope}.', params: { township: 'code', scope: 'code' } },
  code_out_of_scope: { en: 'The code {code} names a division outside your region {scope}.', params: { code: 'code', scope: 'code' } },
  parent_out_of_scope: { en: 'The parentCode {parent} lies outside your region {scope}.', params: { parent: 'code', scope: 'code' } },
  geometry_out_of_scope: { en: 'The geometry lies outside your region {scope}.', params: { scope: 'code' } },
  geometry_beyond_scope: { en: 'The geometry reaches beyond your region {scope}: a feature that belongs by its geometry must lie wholly inside it.', params: { scope: 'code' } },
  // Warnings
  unknown_reference: { en: '{property} {value} is not (yet) in the {layer} layer.', params: { property: 'property', value: 'code', layer: 'layer' } },
  far_from_township: { en: 'The feature lies {distanceM} from its township {township}.', params: { distanceM: 'metres', township: 'code' } },
})

// Coordinates (GeoJSON positions, rings, lines), checked before PostGIS sees them: used by imports
// and by every request that carries a geometry.
export const geometry = section({
  nested_arrays: { en: '{type} coordinates are not nested arrays of the right depth.', params: { type: 'geometry' } },
  position_form: { en: 'A position needs [lon, lat], got {position}.', params: { position: 'json' } },
  position_not_numbers: { en: 'Coordinates must be finite numbers, got {position}.', params: { position: 'json' } },
  coordinates_swapped: { en: 'Position [{lon}, {lat}] looks like [lat, lon]: GeoJSON wants [longitude, latitude].', params: { lon: 'number', lat: 'number' } },
  coordinates_out_of_range: { en: 'Position [{lon}, {lat}] is outside longitude ±180 / latitude ±90.', params: { lon: 'number', lat: 'number' } },
  line_too_short: { en: 'A LineString needs at least 2 positions.' },
  multiline_too_short: { en: 'Each line of a MultiLineString needs at least 2 positions.' },
  multipoint_empty: { en: 'A MultiPoint needs at least one position.' },
  too_many_vertices: { en: 'The geometry has more than {max} positions (setting {setting}): simplify it.', params: { max: 'count', setting: 'setting' } },
  multipolygon_empty: { en: 'A MultiPolygon needs at least one polygon.' },
  polygon_no_ring: { en: 'A polygon needs an outer ring.' },
  ring_too_short: { en: 'A polygon ring needs at least 4 positions (closed).' },
  unclosed_ring: { en: 'Polygon ring is not closed: it starts at [{first}] and ends at [{last}].', params: { first: 'text', last: 'text' } },
  invalid: { en: 'Invalid geometry: {reason}.', params: { reason: 'text' } },
})
