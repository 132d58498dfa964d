@testable import OCI
import Testing

/// bcrypt as Go's x/crypto and Apache's `htpasswd -B` compute it.
@Suite struct BcryptTests {
    /// Made by `htpasswd -nbB -C 5 alice 'correct horse'` and `-C 4 bob 'a:b€'` (apache2-utils).
    @Test(arguments: [
        ("correct horse", "$2y$05$e0Gp0op/PIeFyn3/XdGF8OBOZ7H5nXqznAB9/.tTqEzaqhhCVLLMe"),
        ("a:b€", "$2y$04$/YpwnU4Dc2zz6kEQOeX1WOz3AzB1Z9SKQLpo1gqdz6Om7t5Ck3266"),
    ])
    func apachesHashesVerify(password: String, hash: String) {
        #expect(Bcrypt.verify(Array(password.utf8), against: hash))
        #expect(!Bcrypt.verify(Array((password + "x").utf8), against: hash))
        // The same hash under the other version letters bcrypt shares.
        #expect(Bcrypt.verify(Array(password.utf8), against: "$2a" + hash.dropFirst(3)))
    }

    /// Openwall's crypt_blowfish test vectors.
    @Test(arguments: [
        ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        ("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"),
        ("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"),
    ])
    func openwallsVectorsVerify(password: String, hash: String) {
        #expect(Bcrypt.verify(Array(password.utf8), against: hash))
        #expect(!Bcrypt.verify(Array("U*V".utf8), against: hash))
    }

    @Test func aFreshHashVerifiesAndMalformedOnesMatchNothing() throws {
        let hash = try Bcrypt.hash(Array("s3cret".utf8), cost: 4)
        #expect(hash.hasPrefix("$2a$04$") && hash.count == 60)
        #expect(Bcrypt.verify(Array("s3cret".utf8), against: hash))
        #expect(!Bcrypt.verify(Array("s3cre".utf8), against: hash))
        for bad in ["", "$2a$04$short", "$2x" + hash.dropFirst(3), "$2a$99" + hash.dropFirst(6), "$2a$04$" + String(repeating: "!", count: 53)] {
            #expect(!Bcrypt.verify(Array("s3cret".utf8), against: bad), "\(bad)")
        }
    }
}
