import { describe, expect, it } from 'vitest';
import { dependence, edgePairs } from './evidence.js';

describe('rule substituted-id', () => {
  it('orders a call taking a literal id after the earlier calls that find that kind of thing', () => {
    const found = dependence([
      { id: 'search', tool: 'AirbnbSearch.search_property_by_place', arguments: { place: 'Barcelona' } },
      { id: 'd1', tool: 'AirbnbSearch.get_property_details', arguments: { propertyId: 52047578 } },
      { id: 'd2', tool: 'AirbnbSearch.get_property_details', arguments: { propertyId: 24533837 } },
      { id: 'popular', tool: 'FilmTMDB.get_popular_movies', arguments: {} },
      { id: 'movie', tool: 'FilmTMDB.get_movie_details', arguments: { movie_id: '575264' } },
    ]);
    expect(found).toEqual([
      'search->d1: "AirbnbSearch.get_property_details" takes a literal property id (propertyId 52047578) that "AirbnbSearch.search_property_by_place" before it finds',
      'search->d2: "AirbnbSearch.get_property_details" takes a literal property id (propertyId 24533837) that "AirbnbSearch.search_property_by_place" before it finds',
      'popular->movie: "FilmTMDB.get_movie_details" takes a literal movie id (movie_id 575264) that "FilmTMDB.get_popular_movies" before it finds',
    ]);
    // Calls that each take a property id use one; they do not find each other's.
    expect(edgePairs([
      { id: 'd1', tool: 'get_property_details', arguments: { propertyId: 1 } },
      { id: 'd2', tool: 'get_property_details', arguments: { propertyId: 2 } },
    ])).toEqual([]);
  });

  it('orders literal coordinates after a geocoding call', () => {
    const found = dependence([
      { id: 'geo', tool: 'BINGMap.get_coordinates', arguments: { location: '742 Evergreen Terrace' } },
      { id: 'schools', tool: 'BINGMap.search_nearby', arguments: { search_term: 'school', latitude: 43.39, longitude: -87.89 } },
      { id: 'hospitals', tool: 'BINGMap.search_nearby', arguments: { search_term: 'hospital', latitude: 43.39, longitude: -87.89 } },
    ]);
    expect(found).toEqual([
      'geo->schools: "BINGMap.search_nearby" takes a literal coordinate (latitude 43.39) that "BINGMap.get_coordinates" before it finds',
      'geo->hospitals: "BINGMap.search_nearby" takes a literal coordinate (latitude 43.39) that "BINGMap.get_coordinates" before it finds',
    ]);
    // The two searches stay independent of each other.
    expect(edgePairs([
      { id: 'geo', tool: 'get_coordinates', arguments: { location: 'x' } },
      { id: 'a', tool: 'search_nearby', arguments: { search_term: 'school', latitude: 1.5 } },
      { id: 'b', tool: 'search_nearby', arguments: { search_term: 'hospital', latitude: 1.5 } },
    ])).toEqual(['geo->a', 'geo->b']);
  });

  it('reads no evidence from references, a bare or generic id, or a tool that names another kind', () => {
    expect(dependence([
      { id: 'search', tool: 'search_users', arguments: { q: 'ann' } },
      { id: 'me', tool: 'get_user_profile', arguments: { user_id: 7 } },
      { id: 'any', tool: 'get_users_record', arguments: { id: 7 } },
      { id: 'ref', tool: 'get_user_orders', arguments: { order_id: '{{search.order}}' } },
      { id: 'paid', tool: 'list_orders', arguments: { paid: 'yes' } },
      { id: 'movie', tool: 'get_movie_details', arguments: { movie_id: 5 } },
    ]).filter((e) => e.includes('takes a literal'))).toEqual([]);
  });

  it('orders a bare entity argument after a call that finds many of that kind (outside audit, round 13)', () => {
    // Without the extension the three calls read only and take literal arguments: all independent.
    const movies = [
      { id: 'fc0', tool: 'find_movies', arguments: { description: 'animated space adventure', location: 'Mountain View, CA' } },
      { id: 'fc1', tool: 'find_theaters', arguments: { movie: 'Elio', location: 'Mountain View, CA' } },
      { id: 'fc2', tool: 'get_showtimes', arguments: { movie: 'Elio', theater: 'Century 16', date: '2026-02-14' } },
    ];
    expect(dependence(movies)).toEqual([
      'fc0->fc1: "find_theaters" takes a literal movie (movie Elio) that "find_movies" before it finds',
      'fc0->fc2: "get_showtimes" takes a literal movie (movie Elio) that "find_movies" before it finds',
      'fc1->fc2: "get_showtimes" takes a literal theater (theater Century 16) that "find_theaters" before it finds',
    ]);
    const pods = [
      { id: 'k1', tool: 'kubectl_get', arguments: { resource: 'pods', namespace: 'checkout' } },
      { id: 'k2', tool: 'kubectl_describe', arguments: { resource: 'pod/cart-7d9f8b6c5-x2k4p', namespace: 'checkout' } },
    ];
    expect(dependence(pods)).toEqual(['k1->k2: "kubectl_describe" takes a literal pod (resource pod/cart-7d9f8b6c5-x2k4p) that "kubectl_get" before it finds']);
  });

  it('does not take a call that deals with one thing of a kind for a finder of a bare entity', () => {
    // A user states an actor's name as often as a planner copies it (Seal-Tools, NesTools).
    const steps = [
      { id: 'a', tool: 'get_actor_info', arguments: { name: 'Leonardo DiCaprio' } },
      { id: 'b', tool: 'filmography', arguments: { actor: 'Leonardo DiCaprio' } },
      { id: 'c', tool: 'build_image', arguments: { context: '/repo' } },
      { id: 'd', tool: 'scan_image', arguments: { image: 'acme/api:1.4.0' } },
      { id: 'e', tool: 'searchMiddleEasternBooks', arguments: { region: 'Levant' } },
      { id: 'f', tool: 'getBiblicalPassage', arguments: { book: 'Genesis' } },
    ];
    expect(dependence(steps).filter((e) => e.includes('takes a literal'))).toEqual([]);
  });
});
