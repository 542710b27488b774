package org.tbptt4j.analysis;

/**
 * A double-double number hi + lo (|lo| <= ulp(hi)/2), about 106 bits of significand: enough that
 * the Durbin-Levinson recursion and the autocovariance sums lose nothing visible in double.
 *
 * <p>Why: the adjusted autocovariances of a smooth series (Mackey-Glass, for one) give Toeplitz
 * systems so ill-conditioned that the recursion in plain double drifts ~1e-6 from the exact
 * solution, while statsmodels' LU solve stays ~1e-8 from it. In double-double the recursion is
 * exact to double precision and the two agree to rounding of the inputs.
 *
 * <p>Algorithms: Dekker/Knuth two-sum and fma two-product, as in Hida, Li and Bailey's QD library.
 */
record DoubleDouble(double hi, double lo) {

    static final DoubleDouble ZERO = new DoubleDouble(0, 0);
    static final DoubleDouble ONE = new DoubleDouble(1, 0);

    static DoubleDouble of(double a) {
        return new DoubleDouble(a, 0);
    }

    /** The nearest double. */
    double value() {
        return hi + lo;
    }

    DoubleDouble negate() {
        return new DoubleDouble(-hi, -lo);
    }

    /** this + b, both words of each operand accounted for. */
    DoubleDouble add(DoubleDouble b) {
        double s = hi + b.hi;
        double bb = s - hi;
        double e = (hi - (s - bb)) + (b.hi - bb);       // s + e = hi + b.hi exactly
        double t = lo + b.lo;
        double bt = t - lo;
        double f = (lo - (t - bt)) + (b.lo - bt);       // t + f = lo + b.lo exactly
        e += t;
        double s2 = s + e;
        e = e - (s2 - s);
        e += f;
        double s3 = s2 + e;
        return new DoubleDouble(s3, e - (s3 - s2));
    }

    DoubleDouble sub(DoubleDouble b) {
        return add(b.negate());
    }

    /** this * b; hi*b.hi is split exactly with fma, the cross terms are added in double. */
    DoubleDouble mul(DoubleDouble b) {
        double p = hi * b.hi;
        double e = Math.fma(hi, b.hi, -p);
        e += hi * b.lo + lo * b.hi;
        double s = p + e;
        return new DoubleDouble(s, e - (s - p));
    }

    /** this / b by three rounds of long division on the leading word. */
    DoubleDouble div(DoubleDouble b) {
        double q1 = hi / b.hi;
        DoubleDouble r = sub(b.mul(of(q1)));
        double q2 = r.hi / b.hi;
        r = r.sub(b.mul(of(q2)));
        double q3 = r.hi / b.hi;
        double s = q1 + q2;
        return new DoubleDouble(s, q2 - (s - q1)).add(of(q3));
    }

    /**
     * sum_{i<len} a[offA+i] * b[offB+i] as a double-double (Ogita, Rump and Oishi's Dot2: each
     * product split exactly by fma, the running sum compensated by two-sum).
     */
    static DoubleDouble dot(double[] a, int offA, double[] b, int offB, int len) {
        double p = 0;
        double s = 0;
        for (int i = 0; i < len; i++) {
            double h = a[offA + i] * b[offB + i];
            double r = Math.fma(a[offA + i], b[offB + i], -h);   // h + r = a*b exactly
            double t = p + h;
            double z = t - p;
            double q = (p - (t - z)) + (h - z);                   // t + q = p + h exactly
            p = t;
            s += q + r;
        }
        double hiSum = p + s;
        return new DoubleDouble(hiSum, s - (hiSum - p));
    }

    /** sum_i a[i] as a double-double (compensated by two-sum). */
    static DoubleDouble sum(double[] a) {
        double p = 0;
        double s = 0;
        for (double h : a) {
            double t = p + h;
            double z = t - p;
            s += (p - (t - z)) + (h - z);                         // t + error = p + h exactly
            p = t;
        }
        double hiSum = p + s;
        return new DoubleDouble(hiSum, s - (hiSum - p));
    }
}
