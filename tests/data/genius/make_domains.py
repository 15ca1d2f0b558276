#!/usr/bin/env python3
"""Writes parley's own negotiation domains in the GENIUS XML format (tests/data/genius/README.md).

    python3 tests/data/genius/make_domains.py

from the repository root rewrites cases/ (domains written for parley's tests, each exercising a feature of the
format) and random/ (small random domains for brute-force checks, from fixed seeds). Rerunning it must leave
every file unchanged; a diff means this script changed. Nothing here is taken from another project's domains:
the names, issues, values, weights and evaluations are parley's own.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def num(x):
    """A number as GENIUS files write it: whole numbers without a fraction, others as Python's repr."""
    if isinstance(x, int):
        return str(x)
    if float(x).is_integer():
        return "%.1f" % x
    text = repr(x)
    if "e" in text:  # 2e-05: written out, as GENIUS writes its numbers
        text = ("%.20f" % x).rstrip("0")
    return text


# An issue: (name, "discrete", [values]) or (name, "integer", (lower, upper)) or (name, "real", (lower, upper)).
def issue_open_tag(index, issue):
    name, kind, spec = issue
    bounds = ""
    if kind == "integer":
        bounds = ' lowerbound="%d" upperbound="%d"' % spec
    return '<issue index="%d" name="%s" vtype="%s" type="%s" etype="%s"%s>' % (index, name, kind, kind, kind, bounds)


def real_range(spec):
    return '<range lowerbound="%s" upperbound="%s">\n</range>' % (num(spec[0]), num(spec[1]))


def domain_xml(issues, bare=False):
    lines = []
    if not bare:
        lines.append("<negotiation_template>")
    lines.append('<utility_space number_of_issues="%d">' % len(issues))
    lines.append('<objective index="0" description="" name="root" type="objective" etype="objective">')
    for k, issue in enumerate(issues, 1):
        name, kind, spec = issue
        lines.append(issue_open_tag(k, issue))
        if kind == "discrete":
            for j, value in enumerate(spec, 1):
                lines.append('<item index="%d" value="%s">' % (j, value))
                lines.append("</item>")
        elif kind == "real":
            lines.append(real_range(spec))
        lines.append("</issue>")
    lines.append("</objective>")
    lines.append("</utility_space>")
    if not bare:
        lines.append("</negotiation_template>")
    return "\n".join(lines) + "\n"


# A profile: weights (one per issue, in issue order), evaluations (per issue: a list of numbers for a discrete
# issue, (offset, slope) for an integer or real one), and optional reservation and discount factor.
def profile_xml(issues, profile):
    lines = ["<utility_space>"]
    if profile.get("reservation_first") and "reservation" in profile:
        lines.append('    <reservation value="%s" />' % num(profile["reservation"]))
    lines.append('<objective index="0" description="" name="root" type="objective" etype="objective">')
    for k, (issue, evaluation) in enumerate(zip(issues, profile["evaluations"]), 1):
        name, kind, spec = issue
        lines.append(issue_open_tag(k, issue))
        if kind == "discrete":
            for j, (value, e) in enumerate(zip(spec, evaluation), 1):
                lines.append('<item index="%d" value="%s" evaluation="%s">' % (j, value, num(e)))
                lines.append("</item>")
        elif kind == "integer":
            lines.append('<evaluator ftype="linear" offset="%s" slope="%s">' % (num(evaluation[0]), num(evaluation[1])))
            lines.append("</evaluator>")
        else:
            lines.append(real_range(spec))
            lines.append('<evaluator ftype="linear" parameter0="%s" parameter1="%s">' %
                         (num(evaluation[0]), num(evaluation[1])))
            lines.append("</evaluator>")
        lines.append("</issue>")
    for k, w in enumerate(profile["weights"], 1):
        lines.append('<weight index="%d" value="%s">' % (k, num(w)))
        lines.append("</weight>")
    lines.append("</objective>")
    if "discount" in profile:
        lines.append('<discount_factor value="%s">' % num(profile["discount"]))
        lines.append("</discount_factor>")
    if "reservation" in profile and not profile.get("reservation_first"):
        lines.append('<reservation value="%s">' % num(profile["reservation"]))
        lines.append("</reservation>")
    lines.append("</utility_space>")
    return "\n".join(lines) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def write_domain(folder, domain_file, issues, profiles, bare=False):
    write(os.path.join(folder, domain_file), domain_xml(issues, bare))
    for file_name, profile in profiles:
        assert len(profile["weights"]) == len(issues) == len(profile["evaluations"]), file_name
        for (name, kind, spec), e in zip(issues, profile["evaluations"]):
            assert len(e) == (len(spec) if kind == "discrete" else 2), (file_name, name)
        write(os.path.join(folder, file_name), profile_xml(issues, profile))


# ---------------------------------------------------------------------------------------------------------------
# cases/: one domain per feature the readers and analyses must handle.

def holiday():
    """Two friends plan a holiday: 7 discrete issues (6*5*4*4*5*3*7 = 50,400 packages), evaluations written as
    whole numbers of any size (each issue's are divided by its largest), no discount factor."""
    issues = [
        ("Region", "discrete", ["Coast", "Mountains", "Lakes", "Countryside", "Old town", "Islands"]),
        ("Lodging", "discrete", ["Campsite", "Hostel", "Guesthouse", "Hotel", "Holiday flat"]),
        ("Travel by", "discrete", ["Train", "Coach", "Car", "Plane"]),
        ("Length", "discrete", ["Weekend", "1 week", "10 days", "2 weeks"]),
        ("Meals", "discrete", ["Self-catering", "Breakfast only", "Half board", "Full board", "Street food"]),
        ("Pace", "discrete", ["Relaxed", "Mixed", "Busy"]),
        ("Side trips", "discrete", ["None", "Museums", "Hiking", "Boat tour", "Wine tasting", "Cycling", "Spa"]),
    ]
    ana = {"reservation": 0, "reservation_first": True,
           "weights": [0.3, 0.12, 0.08, 0.15, 0.1, 0.05, 0.2],
           "evaluations": [[80, 35, 60, 20, 45, 100], [10, 15, 70, 90, 100], [100, 55, 40, 75], [20, 60, 85, 100],
                           [30, 55, 100, 70, 90], [100, 70, 25], [5, 40, 25, 100, 80, 30, 60]]}
    ben = {"reservation": 0, "reservation_first": True,
           "weights": [0.1, 0.2, 0.15, 0.05, 0.25, 0.15, 0.1],
           "evaluations": [[60, 100, 75, 40, 90, 50], [45, 60, 100, 80, 70], [60, 30, 100, 50], [100, 80, 50, 30],
                           [90, 40, 60, 20, 100], [20, 60, 100], [10, 70, 100, 45, 20, 90, 35]]}
    write_domain(os.path.join(HERE, "cases", "holiday"), "holiday_domain.xml", issues,
                 [("holiday_ana.xml", ana), ("holiday_ben.xml", ben)])


def power():
    """A buyer and a seller of electricity agree on the power delivered in each of 8 three-hour slots: 5^8 =
    390,625 packages. Issue names start with a digit (their ids get the x_ prefix)."""
    slots = ["00:00-03:00", "03:00-06:00", "06:00-09:00", "09:00-12:00", "12:00-15:00", "15:00-18:00",
             "18:00-21:00", "21:00-24:00"]
    levels = ["0 MW", "10 MW", "20 MW", "30 MW", "40 MW"]
    issues = [(slot, "discrete", levels) for slot in slots]
    # The buyer needs power in the day and evening, little at night; the seller runs best near 20-30 MW and can
    # spare most at night.
    buyer = {"reservation": 0, "discount": 1,
             "weights": [0.02, 0.03, 0.1, 0.15, 0.12, 0.18, 0.3, 0.1],
             "evaluations": [[4, 3, 2, 1, 0], [4, 3, 2, 1, 0], [0, 1, 2, 4, 3], [0, 1, 2, 3, 4], [0, 2, 4, 3, 1],
                             [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [1, 4, 3, 2, 0]]}
    seller = {"reservation": 0, "discount": 1,
              "weights": [0.16, 0.16, 0.08, 0.1, 0.12, 0.1, 0.2, 0.08],
              "evaluations": [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [1, 3, 5, 4, 2], [1, 3, 5, 4, 2], [0, 2, 4, 5, 3],
                              [2, 4, 5, 3, 1], [5, 4, 3, 2, 1], [0, 2, 3, 4, 5]]}
    write_domain(os.path.join(HERE, "cases", "power"), "power_domain.xml", issues,
                 [("power_buyer.xml", buyer), ("power_seller.xml", seller)])


def trio():
    """Three parties, two issues of three values (9 packages), each with a reservation value and a discount
    factor; the domain file is named after the domain and the profiles _util1.._util3."""
    issues = [("colour", "discrete", ["red", "green", "blue"]), ("size", "discrete", ["small", "medium", "large"])]
    common = {"reservation": 0.25, "discount": 0.8}
    util1 = dict(common, weights=[0.6, 0.4], evaluations=[[3, 2, 1], [1, 2, 3]])
    util2 = dict(common, weights=[0.5, 0.5], evaluations=[[1, 3, 2], [3, 2, 1]])
    util3 = dict(common, weights=[0.3, 0.7], evaluations=[[2, 1, 3], [2, 3, 1]])
    write_domain(os.path.join(HERE, "cases", "trio"), "trio.xml", issues,
                 [("trio_util1.xml", util1), ("trio_util2.xml", util2), ("trio_util3.xml", util3)])


def tariff():
    """An integer issue next to discrete ones (41 * 4 * 5 = 820 packages): GENIUS evaluates an integer value x as
    offset + slope * (x - lowerbound)."""
    issues = [("Tariff", "integer", (20, 60)),
              ("Billing", "discrete", ["Monthly", "Quarterly", "Yearly", "Prepaid"]),
              ("Mix", "discrete", ["Wind", "Solar", "Hydro", "Gas", "Biomass"])]
    # util1: 40 is worth 0.025 * (40 - 20) = 0.5 and 60 is worth 1. util2 the reverse. util3 from 0.5 to 1.
    util1 = {"reservation": 0, "discount": 1, "weights": [0.55, 0.3, 0.15],
             "evaluations": [(0, 0.025), [3, 4, 5, 1], [2, 2, 3, 5, 1]]}
    util2 = {"reservation": 0, "discount": 1, "weights": [0.5, 0.2, 0.3],
             "evaluations": [(1, -0.025), [5, 3, 2, 4], [5, 4, 4, 1, 3]]}
    util3 = {"reservation": 0.1, "discount": 1, "weights": [0.2, 0.4, 0.4],
             "evaluations": [(0.5, 0.0125), [2, 5, 4, 1], [4, 5, 3, 2, 2]]}
    write_domain(os.path.join(HERE, "cases", "tariff"), "tariff.xml", issues,
                 [("tariff_util1.xml", util1), ("tariff_util2.xml", util2), ("tariff_util3.xml", util3)])


def charging():
    """Eight integer issues of 7 values (7^8 = 5,764,801 packages) and profiles whose file names do not repeat the
    domain's. The driver's slope of -0.15 gives evaluations 1, 0.85, 0.7, ..., 0.1 exactly (decimal results)."""
    hours = ["0-3", "3-6", "6-9", "9-12", "12-15", "15-18", "18-21", "21-24"]
    issues = [("Hours %s price [cents/kWh]" % h, "integer", (8, 14)) for h in hours]
    driver = {"reservation": 0, "discount": 1, "weights": [0.05, 0.05, 0.15, 0.1, 0.1, 0.15, 0.3, 0.1],
              "evaluations": [(1, -0.15)] * 8}
    station = {"reservation": 0, "discount": 1, "weights": [0.1, 0.1, 0.1, 0.15, 0.15, 0.15, 0.15, 0.1],
               "evaluations": [(0.1, 0.15)] * 8}
    grid = {"reservation": 0, "discount": 1, "weights": [0.2, 0.2, 0.1, 0.05, 0.05, 0.1, 0.1, 0.2],
            "evaluations": [(0.4, 0.1), (0.4, 0.1), (1, -0.1), (1, -0.1), (1, -0.1), (1, -0.1), (1, -0.15),
                            (0.4, 0.1)]}
    write_domain(os.path.join(HERE, "cases", "charging"), "charging_domain.xml", issues,
                 [("driver.xml", driver), ("station.xml", station), ("grid.xml", grid)])


def kennel():
    """A discount factor of 0, which GENIUS reads as no discounting."""
    issues = [("Breed", "discrete", ["Terrier", "Retriever", "Poodle", "Beagle", "Mixed"]),
              ("Age", "discrete", ["Puppy", "Adult", "Senior"]),
              ("Size", "discrete", ["Small", "Medium", "Large"])]
    family = {"reservation": 0, "discount": 0, "weights": [0.25, 0.45, 0.3],
              "evaluations": [[6, 10, 7, 9, 5], [10, 7, 2], [8, 10, 4]]}
    shelter = {"reservation": 0, "discount": 0, "weights": [0.5, 0.3, 0.2],
               "evaluations": [[4, 3, 5, 4, 10], [2, 6, 10], [5, 6, 9]]}
    write_domain(os.path.join(HERE, "cases", "kennel"), "kennel_domain.xml", issues,
                 [("kennel_family.xml", family), ("kennel_shelter.xml", shelter)])


def plaza():
    """A profile that GENIUS's weight sliders could leave: the residents rate every item of 'Fountain' 0 and give it
    a negligible weight, which is no mistake worth a warning."""
    issues = [("Benches", "discrete", ["None", "A few", "Many"]),
              ("Trees", "discrete", ["None", "Hedges", "Avenue", "Grove"]),
              ("Fountain", "discrete", ["Yes", "No"]),
              ("Lighting", "discrete", ["Dim", "Standard", "Bright"])]
    residents = {"reservation": 0, "discount": 1, "weights": [0.3, 0.4, 0.00002, 0.29998],
                 "evaluations": [[1, 4, 3], [0, 2, 3, 5], [0, 0], [5, 3, 1]]}
    shops = {"reservation": 0, "discount": 1, "weights": [0.2, 0.1, 0.3, 0.4],
             "evaluations": [[1, 3, 5], [5, 3, 2, 1], [5, 2], [0, 3, 5]]}
    council = {"reservation": 0, "discount": 1, "weights": [0.3, 0.3, 0.1, 0.3],
               "evaluations": [[2, 5, 3], [1, 3, 5, 4], [1, 3], [1, 5, 3]]}
    write_domain(os.path.join(HERE, "cases", "plaza"), "plaza_domain.xml", issues,
                 [("plaza_council.xml", council), ("plaza_residents.xml", residents), ("plaza_shops.xml", shops)])


def sliders():
    """Weights that do not sum to 1, used as given (as GENIUS does) with a warning: 0.97 and 1.1."""
    issues = [("Colour", "discrete", ["Red", "Green", "Blue", "Black"]),
              ("Trim", "discrete", ["Basic", "Sport", "Luxury"])]
    low = {"reservation": 0, "discount": 1, "weights": [0.57, 0.4], "evaluations": [[3, 5, 2, 4], [1, 3, 5]]}
    high = {"reservation": 0, "discount": 1, "weights": [0.6, 0.5], "evaluations": [[4, 2, 5, 1], [5, 3, 2]]}
    write_domain(os.path.join(HERE, "cases", "sliders"), "sliders_domain.xml", issues,
                 [("sliders_high.xml", high), ("sliders_low.xml", low)])


def supply():
    """A bilateral purchase (5 * 4 * 4 * 4 = 320 packages) for simulations and tournaments."""
    issues = [("Unit price", "discrete", ["$2.10", "$2.35", "$2.60", "$2.85", "$3.10"]),
              ("Lead time", "discrete", ["10 days", "20 days", "30 days", "40 days"]),
              ("Payment", "discrete", ["On order", "On delivery", "30 days after delivery", "60 days after delivery"]),
              ("Returns", "discrete", ["None", "Damaged only", "5% allowed", "Full"])]
    buyer = {"reservation": 0, "reservation_first": True, "weights": [0.45, 0.2, 0.2, 0.15],
             "evaluations": [[10, 8, 6, 3, 0], [10, 7, 4, 1], [0, 4, 8, 10], [0, 4, 7, 10]]}
    seller = {"reservation": 0, "reservation_first": True, "weights": [0.5, 0.15, 0.25, 0.1],
              "evaluations": [[0, 3, 6, 8, 10], [1, 5, 9, 10], [10, 8, 4, 0], [10, 7, 5, 0]]}
    write_domain(os.path.join(HERE, "cases", "supply"), "supply_domain.xml", issues,
                 [("supply_buyer.xml", buyer), ("supply_seller.xml", seller)])


def lease():
    """A bilateral rental (5 * 3 * 3 * 3 * 3 = 405 packages) whose domain file is a bare <utility_space> (no
    <negotiation_template> around it); both sides have a reservation value."""
    issues = [("Rent", "discrete", ["$900", "$950", "$1000", "$1050", "$1100"]),
              ("Term", "discrete", ["6 months", "1 year", "2 years"]),
              ("Deposit", "discrete", ["None", "1 month", "2 months"]),
              ("Repairs", "discrete", ["Tenant", "Shared", "Landlord"]),
              ("Pets", "discrete", ["No", "Cats only", "Yes"])]
    tenant = {"reservation": 0.2, "discount": 1, "weights": [0.4, 0.15, 0.15, 0.1, 0.2],
              "evaluations": [[10, 8, 6, 3, 1], [6, 10, 7], [10, 6, 2], [1, 5, 10], [0, 5, 10]]}
    landlord = {"reservation": 0.3, "discount": 1, "weights": [0.45, 0.2, 0.15, 0.15, 0.05],
                "evaluations": [[1, 3, 6, 8, 10], [3, 7, 10], [1, 6, 10], [10, 6, 2], [10, 8, 3]]}
    write_domain(os.path.join(HERE, "cases", "lease"), "lease.xml", issues,
                 [("lease_landlord.xml", landlord), ("lease_tenant.xml", tenant)], bare=True)


def car():
    """A real issue (GENIUS's <range> and linear evaluator offset + slope * x, written as parameter0 and
    parameter1): parley makes it 11 values, 3 * 11 * 3 = 99 packages."""
    issues = [("Model", "discrete", ["Hatchback", "Estate", "Coupe"]),
              ("Price", "real", (15000, 21000)),
              ("Warranty", "discrete", ["1 year", "3 years", "5 years"])]
    # The buyer's price evaluation falls from 1 at 15000 to 0 at 21000, the dealer's rises from 0 to 1.
    buyer = {"reservation": 0, "discount": 1, "weights": [0.3, 0.5, 0.2],
             "evaluations": [[6, 10, 4], (3.5, -0.00016666666666666666), [2, 6, 10]]}
    dealer = {"reservation": 0, "discount": 1, "weights": [0.2, 0.6, 0.2],
              "evaluations": [[10, 6, 8], (-2.5, 0.00016666666666666666), [10, 6, 1]]}
    write_domain(os.path.join(HERE, "cases", "car"), "car_domain.xml", issues,
                 [("car_buyer.xml", buyer), ("car_dealer.xml", dealer)])


# ---------------------------------------------------------------------------------------------------------------
# random/: small domains (at most 4,000 packages) with random weights, evaluations and reservation values.

def random_domain(n):
    rng = random.Random(1000 + n)
    name = "r%02d" % n
    while True:
        count = rng.randint(2, 4)
        sizes = [rng.randint(2, 6) for _ in range(count)]
        size = 1
        for s in sizes:
            size *= s
        if 3 <= size <= 4000:
            break
    issues = []
    for k, s in enumerate(sizes, 1):
        if rng.random() < 0.2:
            lower = rng.randint(0, 10)
            issues.append(("issue %d" % k, "integer", (lower, lower + s - 1)))
        else:
            issues.append(("issue %d" % k, "discrete", ["v%d" % j for j in range(1, s + 1)]))
    profiles = []
    for p in range(1, rng.randint(2, 3) + 1):
        raw = [rng.randint(1, 20) for _ in issues]
        weights = [round(w / sum(raw), 4) for w in raw]
        weights[-1] = round(1 - sum(weights[:-1]), 4)
        evaluations = []
        for name_, kind, spec in issues:
            if kind == "discrete":
                e = [0]
                while max(e) == 0:  # an issue whose items are all worth 0 would draw a warning
                    e = [rng.randint(0, 10) for _ in spec]
                evaluations.append(e)
            else:
                span = spec[1] - spec[0]
                if rng.random() < 0.5:
                    evaluations.append((0, round(1.0 / span, 4)))
                else:
                    evaluations.append((1, -round(1.0 / span, 4)))
        profile = {"weights": weights, "evaluations": evaluations,
                   "reservation": rng.choice([0, 0, 0.2, 0.35, 0.5])}
        if rng.random() < 0.5:
            profile["discount"] = rng.choice([1, 0.9, 0.75])
        profiles.append(("%s_party%d.xml" % (name, p), profile))
    write_domain(os.path.join(HERE, "random", name), "%s_domain.xml" % name, issues, profiles)


def main():
    for make in (holiday, power, trio, tariff, charging, kennel, plaza, sliders, supply, lease, car):
        make()
    for n in range(1, 21):
        random_domain(n)


if __name__ == "__main__":
    main()
